"""Match strings against patterns the way the generated Pydantic DTOs do (`Field(pattern=…)`).

Usage: python pattern_agreement.py <cases.json> <results.json>; each case is [pattern, text].
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import pydantic


def main() -> None:
    with open(sys.argv[1]) as f:
        cases = json.load(f)
    results = []
    for pattern, text in cases:
        adapter = pydantic.TypeAdapter(Annotated[str, pydantic.Field(pattern=pattern)])
        try:
            adapter.validate_python(text)
            results.append(True)
        except pydantic.ValidationError:
            results.append(False)
    with open(sys.argv[2], "w") as f:
        json.dump(results, f)


if __name__ == "__main__":
    main()
