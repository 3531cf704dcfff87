"""A FastAPI service over any generated package, written the way services use it: plain
`body: XCreate` / `body: XUpdate` parameters, `model_dump(exclude_unset=True)` into the ORM,
Read DTOs built from ORM objects, and either a sync `Session` or an `AsyncSession` with
`expire_on_commit=False` (the standard async pattern)."""

from __future__ import annotations

import base64
import datetime
import decimal
import enum
import importlib
import inspect
import ipaddress
import json
import re
import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from fastapi import Depends, FastAPI, Header, HTTPException
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import Mapper, Session


@dataclass
class Entity:
    """One mapped class with its DTOs and what the service fills in itself."""

    name: str
    mapper: Mapper[Any]
    create: Any
    update: Any
    read: Any
    table: sa.Table
    # NOT NULL foreign keys the service supplies (the tenant column): column → table.
    supplied: dict[str, str] = field(default_factory=dict)

    @property
    def cls(self) -> Any:
        return self.mapper.class_


def entities(package: ModuleType) -> list[Entity]:
    base = importlib.import_module(f"{package.__name__}.base").Base
    schemas = importlib.import_module(f"{package.__name__}.schemas")
    out = []
    for m in sorted(base.registry.mappers, key=lambda m: m.class_.__name__):
        name = m.class_.__name__
        table = m.local_table
        assert isinstance(table, sa.Table)
        create = getattr(schemas, f"{name}Create")
        supplied = {
            c.name: next(iter(c.foreign_keys)).column.table.name
            for c in table.columns
            if c.foreign_keys and c.name not in create.model_fields and not c.primary_key
        }
        out.append(
            Entity(
                name,
                m,
                create,
                getattr(schemas, f"{name}Update"),
                getattr(schemas, f"{name}Read"),
                table,
                supplied,
            )
        )
    return out


# The soft-delete column of the test cases' blueprints: left NULL, or the row is hidden.
SOFT_DELETE = "deleted_at"

# A case's wire values for its bounded columns, by "table.column" (samples.yaml).
SAMPLES: dict[str, Any] = (
    json.loads(Path(os.environ["BPG_SAMPLES"]).read_text()) if os.environ.get("BPG_SAMPLES") else {}
)


def base_type(t: Any) -> Any:
    """A domain's base type (a domain column's values are its base type's)."""
    return t.data_type if isinstance(t, postgresql.DOMAIN) else t


def wire_value(column: sa.Column[Any], seed: int) -> Any:
    """A value as a browser's JSON body carries it: strings for UUIDs, dates, decimals…"""
    t = base_type(column.type)
    if f"{column.table.name}.{column.name}" in SAMPLES:
        return SAMPLES[f"{column.table.name}.{column.name}"]
    if isinstance(t, sa.Enum):
        enum_class = t.enum_class
        assert enum_class is not None and issubclass(enum_class, enum.Enum)
        members = list(enum_class)
        return members[seed % len(members)].value
    if isinstance(t, postgresql.ARRAY):
        return [wire_value(_element(column), seed), wire_value(_element(column), seed + 1)]
    # Each value differs for every seed of a run (a unique over the column must hold), as
    # PostgreSQL compares them: an interval by its total, so the seconds carry the seed.
    if isinstance(t, sa.Time):
        return f"{seed // 3600 % 24:02d}:{seed // 60 % 60:02d}:{seed % 60:02d}.123456"
    if isinstance(t, sa.Interval):
        return f"-P{seed % 7}DT25H{seed % 60}M{seed}.25S" if seed % 2 else f"PT{seed}H30M"
    if isinstance(t, postgresql.INET):
        return f"2001:DB8::{seed % 65536:x}/64" if seed % 2 else f"10.{seed // 256 % 256}.{seed % 256}.1"
    if isinstance(t, sa.String):
        text = f"v{seed}-\"q\" 'single' \\ ünï 😀"
        return text[: t.length] if t.length else text
    if isinstance(t, sa.Boolean):
        return seed % 2 == 0
    if isinstance(t, sa.BigInteger):
        # Beyond a double's integers: the wire format is a string.
        return str(2**62 + seed)
    if isinstance(t, sa.Integer):
        return seed
    if isinstance(t, sa.Numeric) and t.asdecimal:
        precision, scale = t.precision or 18, t.scale or 0
        whole = str(seed % 10 ** (precision - scale)) if precision - scale > 0 else "0"
        return whole + ("." + "25"[:scale] if scale else "")
    if isinstance(t, sa.Double | sa.Float):
        return seed + 0.5
    if isinstance(t, sa.DateTime):
        at = datetime.datetime(2026, 1, 2, 3, 4, 5) + datetime.timedelta(seconds=seed)
        return f"{at.isoformat()}.123456+05:30"
    if isinstance(t, sa.Date):
        return (datetime.date(2026, 1, 1) + datetime.timedelta(days=seed)).isoformat()
    if isinstance(t, sa.Uuid):
        return str(uuid.uuid4())
    if isinstance(t, sa.LargeBinary):
        return base64.b64encode(bytes([seed % 256, 0, 255, 10])).decode()
    if type(t).__name__ == "JSONB":
        return {"seed": seed, "nested": [1, "two", None], "big": 2**40}
    raise AssertionError(f"no wire value for {t!r}")


def _element(column: sa.Column[Any]) -> sa.Column[Any]:
    """An array column's element as a column of its own (same table, for SAMPLES)."""
    assert isinstance(column.type, postgresql.ARRAY)
    element: sa.Column[Any] = sa.Column(f"{column.name}[]", column.type.item_type)
    sa.Table(column.table.name, sa.MetaData(), element)
    return element


def python_value(column: sa.Column[Any], wire: Any) -> Any:
    """The Python value the database must hold for a wire value."""
    t = base_type(column.type)
    if wire is None:
        return None
    if isinstance(t, postgresql.ARRAY):
        return [python_value(_element(column), w) for w in wire]
    if isinstance(t, sa.Time):
        return datetime.time.fromisoformat(wire)
    if isinstance(t, sa.Interval):
        m = re.fullmatch(r"(-?)P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?", wire)
        assert m, wire
        d, h, mi, sec = (decimal.Decimal(x or 0) for x in m.groups()[1:])
        total = datetime.timedelta(days=int(d), hours=int(h), minutes=int(mi), microseconds=int(sec * 1_000_000))
        return -total if m[1] else total
    if isinstance(t, postgresql.INET):
        # An address and the same address with its full prefix are one value.
        return ipaddress.ip_interface(wire)
    if isinstance(t, sa.Enum):
        assert t.enum_class is not None
        return t.enum_class(wire)  # type: ignore[operator]
    if isinstance(t, sa.BigInteger):
        return int(wire)
    if isinstance(t, sa.Numeric) and t.asdecimal:
        return decimal.Decimal(str(wire))
    if isinstance(t, sa.DateTime):
        return datetime.datetime.fromisoformat(wire)
    if isinstance(t, sa.Date):
        return datetime.date.fromisoformat(wire)
    if isinstance(t, sa.Uuid):
        return uuid.UUID(wire)
    if isinstance(t, sa.LargeBinary):
        return base64.b64decode(wire)
    if isinstance(t, sa.Double | sa.Float):
        return float(wire)
    return wire


def build_app(
    package: ModuleType,
    sync_engine: sa.Engine | None = None,
    async_engine: AsyncEngine | None = None,
) -> FastAPI:
    """CRUD routes for every entity: `/{table}` POST, `/{table}/{id}` GET, PATCH, DELETE.
    The service's own columns (the tenant) come from the `X-Supplied` JSON header."""
    app = FastAPI()
    for e in entities(package):
        if sync_engine is not None:
            _sync_routes(app, e, sync_engine)
        else:
            assert async_engine is not None
            _async_routes(app, e, async_engine)
    return app


def _supplied(header: str | None) -> dict[str, str]:
    return dict(json.loads(header)) if header else {}


def _sync_routes(app: FastAPI, e: Entity, engine: sa.Engine) -> None:
    def session() -> Iterator[Session]:
        with Session(engine, expire_on_commit=False) as s:
            yield s

    def create(body: Any, s: Any, x_supplied: str | None = None) -> Any:
        obj = e.cls(**body.model_dump(exclude_unset=True))
        for column, value in _supplied(x_supplied).items():
            if column in e.supplied:
                setattr(obj, column, uuid.UUID(value))
        s.add(obj)
        s.commit()
        return e.read.model_validate(obj)

    def read(item_id: uuid.UUID, s: Any) -> Any:
        obj = s.get(e.cls, item_id)
        if obj is None:
            raise HTTPException(404)
        return e.read.model_validate(obj)

    def update(item_id: uuid.UUID, body: Any, s: Any) -> Any:
        obj = s.get(e.cls, item_id)
        if obj is None:
            raise HTTPException(404)
        for k, v in body.model_dump(exclude_unset=True).items():
            setattr(obj, k, v)
        s.commit()
        return e.read.model_validate(obj)

    def delete(item_id: uuid.UUID, s: Any) -> None:
        obj = s.get(e.cls, item_id)
        if obj is None:
            raise HTTPException(404)
        s.delete(obj)
        s.commit()

    _route(app, e, Session, Depends(session), create, read, update, delete)


def _async_routes(app: FastAPI, e: Entity, engine: AsyncEngine) -> None:
    async def session() -> AsyncIterator[AsyncSession]:
        async with AsyncSession(engine, expire_on_commit=False) as s:
            yield s

    async def create(body: Any, s: Any, x_supplied: str | None = None) -> Any:
        obj = e.cls(**body.model_dump(exclude_unset=True))
        for column, value in _supplied(x_supplied).items():
            if column in e.supplied:
                setattr(obj, column, uuid.UUID(value))
        s.add(obj)
        await s.commit()
        return e.read.model_validate(obj)

    async def read(item_id: uuid.UUID, s: Any) -> Any:
        obj = await s.get(e.cls, item_id)
        if obj is None:
            raise HTTPException(404)
        return e.read.model_validate(obj)

    async def update(item_id: uuid.UUID, body: Any, s: Any) -> Any:
        obj = await s.get(e.cls, item_id)
        if obj is None:
            raise HTTPException(404)
        for k, v in body.model_dump(exclude_unset=True).items():
            setattr(obj, k, v)
        await s.commit()
        # `updated_at` was set by the database: it came back with the UPDATE (RETURNING),
        # so building the Read DTO needs no lazy load (MissingGreenlet otherwise).
        return e.read.model_validate(obj)

    async def delete(item_id: uuid.UUID, s: Any) -> None:
        obj = await s.get(e.cls, item_id)
        if obj is None:
            raise HTTPException(404)
        await s.delete(obj)
        await s.commit()

    _route(app, e, AsyncSession, Depends(session), create, read, update, delete)


def _route(
    app: FastAPI,
    e: Entity,
    session_type: type,
    dep: Any,
    create: Callable[..., Any],
    read: Callable[..., Any],
    update: Callable[..., Any],
    delete: Callable[..., Any],
) -> None:
    """Give the handlers real annotations (plain body parameters) and register them."""
    create.__annotations__ = {"body": e.create, "s": session_type, "x_supplied": str | None}
    read.__annotations__ = {"item_id": uuid.UUID, "s": session_type}
    update.__annotations__ = {"item_id": uuid.UUID, "body": e.update, "s": session_type}
    delete.__annotations__ = {"item_id": uuid.UUID, "s": session_type}

    def sign(fn: Callable[..., Any], **defaults: Any) -> None:
        sig = inspect.signature(fn)
        params = [
            p.replace(annotation=fn.__annotations__[p.name], default=defaults.get(p.name, p.default))
            for p in sig.parameters.values()
        ]
        fn.__signature__ = sig.replace(parameters=params)  # type: ignore[attr-defined]

    sign(create, s=dep, x_supplied=Header(default=None))
    sign(read, s=dep)
    sign(update, s=dep)
    sign(delete, s=dep)
    path = f"/{e.table.name}"
    app.post(path, response_model=e.read)(create)
    app.get(path + "/{item_id}", response_model=e.read)(read)
    app.patch(path + "/{item_id}", response_model=e.read)(update)
    app.delete(path + "/{item_id}", status_code=204)(delete)
