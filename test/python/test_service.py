"""The generated package inside a FastAPI service, sync and async (issue: real services).

For every model, in dependency order: POST a JSON body as a browser sends it, read it back
equal, PATCH one field, PATCH null into a NOT NULL column (422, not a database error), and
delete a parent whose children are loaded: the ORM does what the foreign key's ON DELETE
says (cascade deletes, set_null nulls, restrict/no_action is refused by the database)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from service import SOFT_DELETE, Entity, build_app, entities, python_value, wire_value
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool


@pytest.fixture(params=["sync", "async"])
def client(request: pytest.FixtureRequest, package: ModuleType, engine: Engine) -> Iterator[tuple[TestClient, int]]:
    """A client of the service and a seed base, so the two runs' unique values differ."""
    if request.param == "sync":
        app = build_app(package, sync_engine=engine)
        with TestClient(app) as c:
            yield c, 100
        return
    url = engine.url.set(drivername="postgresql+asyncpg")
    async_engine = create_async_engine(url, poolclass=NullPool)
    app = build_app(package, async_engine=async_engine)
    with TestClient(app) as c:
        yield c, 1100


def ordered(es: list[Entity]) -> list[Entity]:
    """Parents first: an entity comes after every table its NOT NULL keys reference."""
    by_table = {e.table.name: e for e in es}
    done: list[Entity] = []
    pending = list(es)
    while pending:
        ready = [
            e
            for e in pending
            if all(
                by_table[fk.column.table.name] in done
                for c in e.table.columns
                if not c.nullable
                for fk in c.foreign_keys
                if fk.column.table is not e.table
            )
        ]
        assert ready, f"cannot order {[e.name for e in pending]}"
        done.extend(ready)
        pending = [e for e in pending if e not in ready]
    return done


class Api:
    def __init__(self, client: TestClient, es: list[Entity]) -> None:
        self.client = client
        self.rows: dict[str, dict[str, Any]] = {}
        self.by_table = {e.table.name: e for e in es}

    def payload(self, e: Entity, seed: int) -> dict[str, Any]:
        body: dict[str, Any] = {}
        for name in e.create.model_fields:
            c = e.table.columns[name]
            if c.foreign_keys:
                parent = self.rows.get(next(iter(c.foreign_keys)).column.table.name)
                if parent is not None:
                    body[name] = parent["id"]
                elif not c.nullable:
                    raise AssertionError(f"{e.name}.{name}: no parent row")
            else:
                body[name] = wire_value(c, seed)
        return body

    def headers(self, e: Entity) -> dict[str, str]:
        supplied = {c: self.rows[t]["id"] for c, t in e.supplied.items()}
        return {"X-Supplied": json.dumps(supplied)}

    def create(self, e: Entity, seed: int) -> dict[str, Any]:
        body = self.payload(e, seed)
        r = self.client.post(f"/{e.table.name}", json=body, headers=self.headers(e))
        assert r.status_code == 200, (e.name, body, r.text)
        row: dict[str, Any] = r.json()
        for k, v in body.items():
            if k not in row:
                continue  # write_only: not in the Read DTO
            c = e.table.columns[k]
            assert python_value(c, row[k]) == python_value(c, v), f"{e.name}.{k}"
        return row


def test_crud_through_plain_body_parameters(client: tuple[TestClient, int], package: ModuleType) -> None:
    client, base = client
    es = ordered(entities(package))
    api = Api(client, es)
    for seed, e in enumerate(es, start=base + 1):
        row = api.create(e, seed)
        api.rows[e.table.name] = row
        path = f"/{e.table.name}/{row['id']}"
        got = client.get(path)
        assert got.status_code == 200, e.name
        # The same values (instants compare equal whatever the offset they were sent with);
        # the JSON a Read DTO writes is the wire format, so it validates again.
        assert e.read.model_validate_json(got.text) == e.read.model_validate(row), e.name

        required = [n for n in e.update.model_fields if not e.table.columns[n].nullable]
        optional = [n for n in e.update.model_fields if e.table.columns[n].nullable]
        plain = [n for n in required if not e.table.columns[n].foreign_keys and not e.table.columns[n].unique]
        if plain:
            name = plain[0]
            value = wire_value(e.table.columns[name], seed + 500)
            r = client.patch(path, json={name: value})
            assert r.status_code == 200, (e.name, name, r.text)
            c = e.table.columns[name]
            assert python_value(c, r.json()[name]) == python_value(c, value)
            if "updated_at" in row:
                assert r.json()["updated_at"] >= row["updated_at"]
        for name in required:
            r = client.patch(path, json={name: None})
            assert r.status_code == 422, f"{e.name}.{name}: null into a NOT NULL column gave {r.status_code}"
        for name in optional[:3]:
            r = client.patch(path, json={name: None})
            assert r.status_code == 200 and r.json()[name] is None, (e.name, name, r.text)
            api.rows[e.table.name] = r.json()
        assert client.patch(path, json={}).status_code == 200


def test_orm_delete_honours_on_delete(package: ModuleType, engine: Engine) -> None:
    """session.delete(parent) with its children loaded, for every foreign key with a
    relationship on the parent side."""
    es = entities(package)
    by_table = {e.table.name: e for e in es}
    seeds = itertools.count(9000)
    for parent in es:
        for rel in parent.mapper.relationships:
            if rel.direction.name != "ONETOMANY" or rel.secondary is not None:
                continue
            child = by_table[rel.mapper.local_table.name]  # type: ignore[union-attr]
            (fk_column,) = [c for _, c in rel.local_remote_pairs]
            fk = next(iter(fk_column.foreign_keys))
            on_delete = (fk.ondelete or "NO ACTION").upper()
            with Session(engine) as s:
                p = _insert(s, parent, by_table, seeds)
                ch = _insert(s, child, by_table, seeds, overrides={fk_column.name: p.id})
                s.commit()
                pid, cid = p.id, ch.id
            with Session(engine) as s:
                p = s.get(parent.cls, pid)
                loaded = getattr(p, rel.key)
                assert loaded is not None and loaded != []
                s.delete(p)
                if on_delete in ("RESTRICT", "NO ACTION"):
                    with pytest.raises(sa.exc.IntegrityError):
                        s.commit()
                    s.rollback()
                    assert s.get(parent.cls, pid) is not None
                    assert s.get(child.cls, cid) is not None
                    # Leave nothing behind for the next check.
                    s.delete(s.get(child.cls, cid))
                    s.commit()
                    s.delete(s.get(parent.cls, pid))
                    s.commit()
                else:
                    s.commit()
            with Session(engine) as s:
                left = s.get(child.cls, cid)
                if on_delete == "CASCADE":
                    assert left is None, f"{parent.name}.{rel.key}: cascade left the child"
                elif on_delete == "SET NULL":
                    assert left is not None and getattr(left, fk_column.key) is None


def _insert(
    s: Session,
    e: Entity,
    by_table: dict[str, Entity],
    seeds: Iterator[int],
    overrides: dict[str, Any] | None = None,
) -> Any:
    """A row of `e` through the ORM, with fresh parents for its NOT NULL keys."""
    seed = next(seeds)
    values: dict[str, Any] = {}
    for c in e.table.columns:
        if c.primary_key or (c.server_default is not None and not c.foreign_keys) or c.name == SOFT_DELETE:
            continue
        if overrides and c.name in overrides:
            values[c.key] = overrides[c.name]
        elif c.foreign_keys:
            if c.nullable:
                continue
            target = by_table[next(iter(c.foreign_keys)).column.table.name]
            values[c.key] = _insert(s, target, by_table, seeds).id
        else:
            values[c.key] = python_value(c, wire_value(c, seed))
    obj = e.cls(**values)
    s.add(obj)
    s.flush()
    return obj


def test_nullable_json_left_empty_is_sql_null(package: ModuleType, engine: Engine) -> None:
    """A DTO that leaves a nullable JSON column empty stores SQL NULL, not JSON `null`."""
    es = entities(package)
    by_table = {e.table.name: e for e in es}
    seeds = itertools.count(20000)
    for e in es:
        columns = [c for c in e.table.columns if c.nullable and type(c.type).__name__ == "JSONB"]
        for c in columns:
            with Session(engine) as s:
                row = _insert(s, e, by_table, seeds, overrides={c.name: None})
                s.commit()
                found = s.execute(
                    sa.select(sa.func.count()).select_from(e.table).where(c.is_(None), e.table.c.id == row.id)
                ).scalar_one()
                assert found == 1, f"{e.name}.{c.name}: None was not stored as SQL NULL"


def test_async_relationships_load_through_awaitable_attrs(package: ModuleType, engine: Engine) -> None:
    """Under asyncio a lazy load cannot run implicitly; `awaitable_attrs` (Base is AsyncAttrs)
    loads any relationship, and server-set values are there after commit."""
    import asyncio

    from sqlalchemy.ext.asyncio import AsyncSession

    es = entities(package)
    by_table = {e.table.name: e for e in es}
    with Session(engine) as s:
        rows = [(e, _insert(s, e, by_table, itertools.count(30000 + 100 * i)).id) for i, e in enumerate(es)]
        s.commit()

    async def run() -> None:
        url = engine.url.set(drivername="postgresql+asyncpg")
        async_engine = create_async_engine(url, poolclass=NullPool)
        try:
            async with AsyncSession(async_engine, expire_on_commit=False) as s:
                for e, row_id in rows:
                    obj = await s.get(e.cls, row_id)
                    assert obj is not None
                    for rel in e.mapper.relationships:
                        await getattr(obj.awaitable_attrs, rel.key)
                    e.read.model_validate(obj)
        finally:
            await async_engine.dispose()

    asyncio.run(run())
