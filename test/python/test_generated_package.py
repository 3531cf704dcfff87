"""Generic checks of any generated package: it imports, creates its tables on PostgreSQL,
the database matches the schema projection, a row of every model round-trips, and the DTOs
accept valid input and reject invalid input."""

from __future__ import annotations

import datetime
import decimal
import enum
import importlib
import uuid
from types import ModuleType
from typing import Any

import pydantic
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapper, Session


def introspect(engine: Engine) -> dict[str, Any]:
    """The schema as PostgreSQL's catalog reports it, in the projection's shape."""
    q = {
        "enums": """
            SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)
            FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
            JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public'
            GROUP BY t.typname ORDER BY t.typname""",
        "columns": """
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                   NOT a.attnotnull, pg_get_expr(d.adbin, d.adrelid)
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0
              AND NOT a.attisdropped""",
        "constraints": """
            SELECT c.relname, k.conname, k.contype,
                   array(SELECT attname FROM unnest(k.conkey) WITH ORDINALITY u(n, i)
                         JOIN pg_attribute ON attrelid = k.conrelid AND attnum = u.n
                         ORDER BY u.i),
                   f.relname,
                   array(SELECT attname FROM unnest(k.confkey) WITH ORDINALITY u(n, i)
                         JOIN pg_attribute ON attrelid = k.confrelid AND attnum = u.n
                         ORDER BY u.i),
                   k.confdeltype
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_class f ON f.oid = k.confrelid
            WHERE n.nspname = 'public'""",
        "indexes": """
            SELECT t.relname, i.relname, x.indisunique,
                   array(SELECT attname FROM unnest(x.indkey) WITH ORDINALITY u(n, o)
                         JOIN pg_attribute ON attrelid = t.oid AND attnum = u.n
                         ORDER BY u.o)
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class t ON t.oid = x.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'public'
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)""",
    }
    on_delete = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
    tables: dict[str, dict[str, Any]] = {}

    def table(name: str) -> dict[str, Any]:
        return tables.setdefault(
            name,
            {"name": name, "columns": [], "foreignKeys": [], "indexes": [], "uniques": []},
        )

    with engine.connect() as conn:
        enums = [{"name": n, "values": list(v)} for n, v in conn.execute(sa.text(q["enums"]))]
        for rel, col, typ, nullable, default in conn.execute(sa.text(q["columns"])):
            table(rel)["columns"].append(
                {"name": col, "type": typ, "nullable": nullable, "default": default}
            )
        for rel, name, kind, cols, ref, refcols, deltype in conn.execute(sa.text(q["constraints"])):
            t = table(rel)
            if kind == "p":
                t["primaryKey"] = {"name": name, "columns": list(cols)}
            elif kind == "f":
                t["foreignKeys"].append(
                    {
                        "name": name,
                        "columns": list(cols),
                        "refTable": ref,
                        "refColumns": list(refcols),
                        "onDelete": on_delete[deltype],
                    }
                )
            elif kind == "u":
                t["uniques"].append({"name": name, "columns": list(cols)})
        for rel, name, unique, cols in conn.execute(sa.text(q["indexes"])):
            table(rel)["indexes"].append({"name": name, "columns": list(cols), "unique": unique})
    return {"enums": enums, "tables": tables}


def normalize(schema: dict[str, Any]) -> dict[str, Any]:
    """Order-insensitive form: the projection and the catalog list things differently."""
    tables = schema["tables"]
    items = tables.values() if isinstance(tables, dict) else tables
    out: dict[str, Any] = {"enums": sorted((e["name"], tuple(e["values"])) for e in schema["enums"])}
    for t in items:
        out[t["name"]] = {
            "columns": sorted(
                (c["name"], c["type"], c["nullable"], c["default"]) for c in t["columns"]
            ),
            "primaryKey": (t["primaryKey"]["name"], tuple(t["primaryKey"]["columns"])),
            "foreignKeys": sorted(
                (f["name"], tuple(f["columns"]), f["refTable"], tuple(f["refColumns"]), f["onDelete"])
                for f in t["foreignKeys"]
            ),
            "indexes": sorted((i["name"], tuple(i["columns"]), i["unique"]) for i in t["indexes"]),
            "uniques": sorted((u["name"], tuple(u["columns"])) for u in t["uniques"]),
        }
    return out


def test_database_matches_projection(engine: Engine, projection: dict[str, Any]) -> None:
    assert normalize(introspect(engine)) == normalize(projection)


def mappers(package: ModuleType) -> list[Mapper[Any]]:
    base = importlib.import_module(f"{package.__name__}.base").Base
    return sorted(base.registry.mappers, key=lambda m: m.class_.__name__)


def sample(column: sa.Column[Any], seed: int) -> Any:
    """A valid value for a column, different per seed."""
    t = column.type
    if isinstance(t, sa.Enum):
        enum_class = t.enum_class
        assert enum_class is not None and issubclass(enum_class, enum.Enum)
        return list(enum_class)[seed % len(list(enum_class))]
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
        return decimal.Decimal(f"{seed}.25")
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
                    if c.primary_key or c.server_default is not None and not c.foreign_keys:
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
            t = column.type
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
