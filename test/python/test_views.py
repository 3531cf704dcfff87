"""Read models over views (every package that has views; conftest creates them from the projection).

Each view class maps exactly the view's columns, queries on PostgreSQL, validates as its Read
DTO, and a flush that would write one of its rows is refused before it reaches the database."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapper, Session


def view_mappers(package: ModuleType) -> list[Mapper[Any]]:
    base = importlib.import_module(f"{package.__name__}.base")
    if not hasattr(base, "ViewBase"):
        return []
    return sorted(base.ViewBase.registry.mappers, key=lambda m: m.class_.__name__)


def test_every_view_is_mapped_with_its_columns(package: ModuleType, projection: dict[str, Any]) -> None:
    declared = {v["name"]: [c["name"] for c in v["columns"]] for v in projection.get("views", [])}
    mapped = {}
    for m in view_mappers(package):
        table = m.local_table
        assert isinstance(table, sa.Table)
        mapped[table.name] = [c.name for c in table.columns]
        # The views are not tables: create_all and Alembic's autogenerate never see them.
        base = importlib.import_module(f"{package.__name__}.base").Base
        assert table.name not in base.metadata.tables
    assert mapped == declared


def test_views_query_and_validate(package: ModuleType, engine: Engine) -> None:
    schemas = importlib.import_module(f"{package.__name__}.schemas")
    with Session(engine) as s:
        for m in view_mappers(package):
            read = getattr(schemas, f"{m.class_.__name__}Read")
            for row in s.scalars(sa.select(m.class_)).all():
                read.model_validate(row)
            # Every mapped column is one the view returns (a wrong name fails here).
            s.execute(sa.select(*m.columns).limit(1)).all()


def test_writes_to_views_are_refused(package: ModuleType, engine: Engine) -> None:
    base = importlib.import_module(f"{package.__name__}.base")
    for m in view_mappers(package):
        with Session(engine) as s:
            s.add(m.class_())
            with pytest.raises(base.ReadOnlyViewError):
                s.flush()
