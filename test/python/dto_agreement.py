"""Validate raw JSON bodies with the generated Pydantic DTOs, as a service receives them.

Usage: python dto_agreement.py <cases.json> <results.json>   (BPG_PACKAGE_ROOT, BPG_PACKAGE set)
Each case is {"dto": name, "body": raw JSON text}; each result is [model_validate_json(body),
model_validate(json.loads(body))] as accepted / refused: the two paths FastAPI services use.
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
        outcome = []
        try:
            dto.model_validate_json(case["body"])
            outcome.append(True)
        except pydantic.ValidationError:
            outcome.append(False)
        try:
            dto.model_validate(json.loads(case["body"]))
            outcome.append(True)
        except (pydantic.ValidationError, ValueError):
            outcome.append(False)
        results.append(outcome)
    with open(sys.argv[2], "w") as f:
        json.dump(results, f)


if __name__ == "__main__":
    main()
