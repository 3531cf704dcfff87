#!/usr/bin/env bash
# Creates .venv with the pinned Python packages used to run and check generated code,
# or refreshes it when requirements.txt changed. Idempotent; run by `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=.venv/.requirements.sha256
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "python3 not found: the generated-Python checks need it" >&2
  [ "${CI:-}" = "true" ] && exit 1 || exit 0
fi
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
echo "$want" > "$stamp"
