"""Generic checks of any generated package: it imports, creates its tables on PostgreSQL,
the database matches the schema projection, a row of every model round-trips, and the DTOs
accept valid input and reject invalid input."""

from __future__ import annotations

import datetime
import decimal
import enum
import importlib
import ipaddress
import uuid
from types import ModuleType
from typing import Any

import pydantic
import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapper, Session

from catalog import introspect, normalize
from service import SAMPLES, SOFT_DELETE, _element, base_type


def test_database_matches_projection(engine: Engine, projection: dict[str, Any]) -> None:
    assert normalize(introspect(engine)) == normalize(projection)


def mappers(package: ModuleType) -> list[Mapper[Any]]:
    base = importlib.import_module(f"{package.__name__}.base").Base
    return sorted(base.registry.mappers, key=lambda m: m.class_.__name__)


def sample(column: sa.Column[Any], seed: int) -> Any:
    """A valid value for a column, different per seed."""
    t = base_type(column.type)
    given = SAMPLES.get(f"{column.table.name}.{column.name}")
    if given is not None:
        if isinstance(t, sa.Numeric) and t.asdecimal:
            return decimal.Decimal(str(given))
        if isinstance(t, sa.Integer):
            return int(given)
        return given
    if isinstance(t, sa.Enum):
        enum_class = t.enum_class
        assert enum_class is not None and issubclass(enum_class, enum.Enum)
        return list(enum_class)[seed % len(list(enum_class))]
    if isinstance(t, postgresql.ARRAY):
        item = _element(column)
        return [sample(item, seed), sample(item, seed + 1)]
    if isinstance(t, sa.Time):
        return datetime.time(3, 4, seed % 60, 123456)
    if isinstance(t, sa.Interval):
        return datetime.timedelta(days=-(seed % 3), hours=25, microseconds=seed)
    if isinstance(t, postgresql.INET):
        return ipaddress.ip_interface(f"2001:db8::{seed % 65536:x}/64") if seed % 2 else ipaddress.ip_address(f"10.0.0.{seed % 256}")
    if isinstance(t, sa.String):
        text = f"v{seed}-\"quoted\" 'single' \\ ünï"
        return text[: t.length] if t.length else text
    if isinstance(t, sa.Boolean):
        return seed % 2 == 0
    if isinstance(t, sa.BigInteger):
        return 2**40 + seed
    if isinstance(t, sa.Integer):
        return seed
    if isinstance(t, sa.Numeric) and t.asdecimal:
        # Within NUMERIC(precision, scale): one whole digit (if any) and up to two decimals.
        precision, scale = t.precision or 18, t.scale or 0
        whole = str(seed % 10) if precision - scale > 0 else "0"
        return decimal.Decimal(whole + ("." + "25"[:scale] if scale else ""))
    if isinstance(t, sa.Double | sa.Float):
        return seed + 0.5
    if isinstance(t, sa.DateTime):
        return datetime.datetime(2026, 1, 2, 3, 4, seed % 60, tzinfo=datetime.UTC)
    if isinstance(t, sa.Date):
        return datetime.date(2026, 1, 1 + seed % 28)
    if isinstance(t, sa.Uuid):
        return uuid.uuid4()
    if isinstance(t, sa.LargeBinary):
        return bytes([seed % 256, 0, 255])
    if type(t).__name__ == "JSONB":
        return {"seed": seed, "nested": [1, "two", None]}
    raise AssertionError(f"no sample for {t!r}")


def test_every_model_round_trips(package: ModuleType, engine: Engine) -> None:
    """Insert one row of every model (parents first), read each back unchanged."""
    ms = {m.class_.__name__: m for m in mappers(package)}
    pending = dict(ms)
    inserted: dict[str, Any] = {}
    expected: dict[str, dict[str, Any]] = {}
    with Session(engine) as session:
        seed = 1
        while pending:
            progress = False
            for name, mapper in sorted(pending.items()):
                table = mapper.local_table
                assert isinstance(table, sa.Table)
                targets = {
                    fk.column.table.name
                    for c in table.columns
                    for fk in c.foreign_keys
                    if not c.nullable and fk.column.table is not table
                }
                by_table = {m.local_table.name: n for n, m in ms.items()}  # type: ignore[attr-defined]
                if any(by_table[t] not in inserted for t in targets):
                    continue
                values: dict[str, Any] = {}
                for c in table.columns:
                    # The soft-delete column stays NULL: a value would hide the row (test_soft_delete.py).
                    if c.primary_key or c.server_default is not None and not c.foreign_keys or c.name == SOFT_DELETE:
                        continue
                    if c.foreign_keys:
                        fk = next(iter(c.foreign_keys))
                        parent = inserted.get(by_table[fk.column.table.name])
                        if parent is None:
                            continue
                        values[c.key] = parent.id
                    else:
                        values[c.key] = sample(c, seed)
                obj = mapper.class_(**values)
                session.add(obj)
                session.flush()
                inserted[name] = obj
                expected[name] = values
                del pending[name]
                seed += 1
                progress = True
            assert progress, f"cannot order inserts for {sorted(pending)}"
        session.commit()
        ids = {name: obj.id for name, obj in inserted.items()}

    with Session(engine) as session:
        for name, values in expected.items():
            obj = session.get(ms[name].class_, ids[name])
            assert obj is not None
            for key, value in values.items():
                assert getattr(obj, key) == value, f"{name}.{key}"
            assert obj.created_at.tzinfo is not None
            # Read DTOs are built straight from ORM objects.
            read = getattr(schemas(package), f"{name}Read").model_validate(obj)
            assert read.id == obj.id


def schemas(package: ModuleType) -> ModuleType:
    return importlib.import_module(f"{package.__name__}.schemas")


def test_enum_columns_store_values(package: ModuleType, engine: Engine) -> None:
    enums = importlib.import_module(f"{package.__name__}.enums")
    with engine.connect() as conn:
        labels = {
            name: list(values)
            for name, values in conn.execute(
                sa.text(
                    "SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder) "
                    "FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname"
                )
            )
        }
    for mapper in mappers(package):
        for c in mapper.local_table.columns:
            if isinstance(c.type, sa.Enum):
                enum_class = c.type.enum_class
                assert enum_class is not None
                assert getattr(enums, enum_class.__name__) is enum_class
                assert labels[c.type.name] == [m.value for m in enum_class]  # type: ignore[attr-defined]


def test_create_dtos_validate_and_reject(package: ModuleType) -> None:
    for mapper in mappers(package):
        name = mapper.class_.__name__
        create = getattr(schemas(package), f"{name}Create")
        update = getattr(schemas(package), f"{name}Update")
        valid: dict[str, Any] = {}
        for field, info in create.model_fields.items():
            column = mapper.local_table.columns[field]
            valid[field] = sample(column, 3)
        create.model_validate(valid)
        update.model_validate({})
        with pytest.raises(pydantic.ValidationError):
            create.model_validate({**valid, "not_a_field": 1})
        for field in create.model_fields:
            column = mapper.local_table.columns[field]
            t = base_type(column.type)
            bad: Any = None
            if isinstance(t, sa.Enum):
                bad = "definitely-not-a-member"
            elif isinstance(t, sa.String) and t.length:
                bad = "x" * (t.length + 1)
            elif isinstance(t, sa.BigInteger):
                bad = 2**63
            elif isinstance(t, sa.Integer):
                bad = 2**31
            elif isinstance(t, sa.DateTime):
                bad = datetime.datetime(2026, 1, 1)  # naive: Blueprint 2.1.8.6
            elif isinstance(t, sa.Numeric) and t.asdecimal and t.scale is not None:
                bad = decimal.Decimal("1." + "1" * (t.scale + 1))
            if bad is None:
                continue
            with pytest.raises(pydantic.ValidationError):
                create.model_validate({**valid, field: bad})
            with pytest.raises(pydantic.ValidationError):
                update.model_validate({field: bad})


def test_times_print_as_postgresql_and_drizzle_do(package: ModuleType) -> None:
    """A fraction's trailing zeros are dropped, as PostgreSQL prints it (what drizzle returns)."""
    from pydantic import TypeAdapter

    wire = importlib.import_module(f"{package.__name__}.schemas._wire")
    time, stamp = TypeAdapter(wire.Time), TypeAdapter(wire.Timestamp)
    assert time.dump_json(datetime.time(12, 30, 0, 500000)) == b'"12:30:00.5"'
    assert time.dump_json(datetime.time(12, 30)) == b'"12:30:00"'
    assert time.dump_json(datetime.time(0, 0, 0, 100)) == b'"00:00:00.0001"'
    utc = datetime.timezone.utc
    assert stamp.dump_json(datetime.datetime(2026, 1, 2, 3, 4, 5, 120000, tzinfo=utc)) == b'"2026-01-02T03:04:05.12+00:00"'
    assert stamp.dump_json(datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=utc)) == b'"2026-01-02T03:04:05+00:00"'
    # Python values stay values.
    assert time.dump_python(datetime.time(1, 2, 3, 500000)) == datetime.time(1, 2, 3, 500000)
