"""Fixtures shared by the checks that run generated Python for real."""

from __future__ import annotations

import importlib
import json
import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run these checks through `npm test`")
    return value


@pytest.fixture(scope="session")
def package() -> ModuleType:
    root = Path(_env("BPG_PACKAGE_ROOT"))
    sys.path.insert(0, str(root))
    pkg = importlib.import_module(_env("BPG_PACKAGE"))
    importlib.import_module(f"{pkg.__name__}.models")
    importlib.import_module(f"{pkg.__name__}.schemas")
    return pkg


@pytest.fixture(scope="session")
def projection() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(Path(_env("BPG_DATABASE_JSON")).read_text())
    return data


def create_views(conn: sa.Connection, views: list[dict[str, Any]]) -> None:
    """The projection's views, each after the views it reads (retried until all exist)."""
    pending = list(views)
    while pending:
        left = []
        for v in pending:
            try:
                with conn.begin_nested():
                    conn.exec_driver_sql(f'CREATE VIEW "{v["name"]}" AS {v["sql"]}')
            except sa.exc.ProgrammingError:
                left.append(v)
        assert len(left) < len(pending), f"views that cannot be created: {[v['name'] for v in left]}"
        pending = left


@pytest.fixture(scope="session")
def engine(package: ModuleType, projection: dict[str, Any]) -> Iterator[Engine]:
    """A fresh database for this run (tables, then the views over them), dropped afterwards."""
    url = make_url(_env("BPG_DATABASE_URL")).set(drivername="postgresql+psycopg")
    name = f"bpg_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    eng = sa.create_engine(url.set(database=name))
    base = importlib.import_module(f"{package.__name__}.base").Base
    # The domains as the migrations create them (a constraint per check); create_all then
    # finds them and leaves them be.
    with eng.begin() as conn:
        for d in projection.get("domains", []):
            checks = "".join(f' CONSTRAINT "{k["name"]}" CHECK ({k["expression"]})' for k in d["checks"])
            conn.exec_driver_sql(f'CREATE DOMAIN "{d["name"]}" AS {d["type"]}{checks}')
    base.metadata.create_all(eng)
    with eng.begin() as conn:
        create_views(conn, projection.get("views", []))
    try:
        yield eng
    finally:
        eng.dispose()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
