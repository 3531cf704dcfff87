"""Spec text lands in generated Python as inert literals: the module's AST holds only the
statements the generator writes, and the text reads back exactly as the spec wrote it.

Usage: python inert_check.py <expectations.json>  (BPG_PACKAGE_ROOT, BPG_PACKAGE set)
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import pathlib
import sys

ALLOWED_MODULE = (ast.Import, ast.ImportFrom, ast.ClassDef, ast.If, ast.Assign, ast.Expr, ast.FunctionDef)
ALLOWED_CLASS = (ast.Expr, ast.Assign, ast.AnnAssign)


# The wire-format module takes nothing from the specs: it must equal the example project's.
WIRE_REFERENCE = pathlib.Path(__file__).parents[2] / "generated" / "python" / "jobsvc" / "schemas" / "_wire.py"


def check_structure(path: pathlib.Path) -> None:
    if path.name == "_wire.py":
        assert path.read_text() == WIRE_REFERENCE.read_text(), f"{path}: differs from the example's"
        return
    tree = ast.parse(path.read_text(), str(path))
    for node in tree.body:
        assert isinstance(node, ALLOWED_MODULE), f"{path}: unexpected {type(node).__name__}"
        if isinstance(node, ast.Expr):
            assert isinstance(node.value, ast.Constant) and isinstance(node.value.value, str), f"{path}: a bare expression"
        if isinstance(node, ast.If):
            assert ast.unparse(node.test) == "TYPE_CHECKING", f"{path}: unexpected if"
            assert all(isinstance(n, ast.ImportFrom) for n in node.body)
        if isinstance(node, ast.FunctionDef):
            assert node.name == "enum_values", f"{path}: unexpected function {node.name}"
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                assert isinstance(item, ALLOWED_CLASS), f"{path}: {node.name} has {type(item).__name__}"
                if isinstance(item, ast.Expr):
                    assert isinstance(item.value, ast.Constant) and isinstance(item.value.value, str)


def normalize(text: str) -> list[str]:
    lines = [line.strip().replace("\t", "    ") for line in text.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def main() -> None:
    root = pathlib.Path(os.environ["BPG_PACKAGE_ROOT"])
    pkg = os.environ["BPG_PACKAGE"]
    sys.path.insert(0, str(root))
    for path in sorted((root / pkg).rglob("*.py")):
        check_structure(path)
    expect = json.loads(pathlib.Path(sys.argv[1]).read_text())
    models = importlib.import_module(f"{pkg}.models")
    enums = importlib.import_module(f"{pkg}.enums")
    for name, doc in expect["docstrings"].items():
        cls = getattr(models, name, None) or getattr(enums, name)
        assert normalize(cls.__doc__ or "") == normalize(doc), (name, cls.__doc__, doc)
    for name, values in expect["enums"].items():
        assert [m.value for m in getattr(enums, name)] == values, name
    for key, value in expect["defaults"].items():
        model, column = key.split(".")
        assert getattr(models, model).__table__.c[column].default.arg == value, key
    print("inert")


if __name__ == "__main__":
    main()
