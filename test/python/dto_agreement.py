"""Validate JSON payloads with the generated Pydantic DTOs; print which are accepted.

Usage: python dto_agreement.py <payloads.json> <results.json>   (BPG_PACKAGE_ROOT, BPG_PACKAGE set)
"""

from __future__ import annotations

import importlib
import json
import os
import sys

import pydantic


def main() -> None:
    sys.path.insert(0, os.environ["BPG_PACKAGE_ROOT"])
    schemas = importlib.import_module(f"{os.environ['BPG_PACKAGE']}.schemas")
    with open(sys.argv[1]) as f:
        cases = json.load(f)
    results = []
    for case in cases:
        dto = getattr(schemas, case["dto"])
        try:
            dto.model_validate_json(json.dumps(case["payload"]))
            results.append(True)
        except pydantic.ValidationError:
            results.append(False)
    with open(sys.argv[2], "w") as f:
        json.dump(results, f)


if __name__ == "__main__":
    main()
