#!/usr/bin/env node
import { run } from "../dist/cli/gen.js";

run();
