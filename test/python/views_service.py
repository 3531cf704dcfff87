"""The views case's read models inside a FastAPI service, on a migrated PostgreSQL.

Seeds two accounts and their invoices through the entities, then reads the views through the
mapped read-only classes (sync Session and AsyncSession on asyncpg), a join with an entity,
the Read DTOs and a FastAPI endpoint per stack, and checks that a flush writing a view row is
refused. Prints the seeded account ids as JSON for the drizzle side of the check.

Usage: python views_service.py  (BPG_PACKAGE_ROOT, BPG_PACKAGE, DATABASE_URL in the environment)
"""

from __future__ import annotations

import asyncio
import decimal
import importlib
import json
import os
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import sqlalchemy as sa
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

sys.path.insert(0, os.environ["BPG_PACKAGE_ROOT"])
PKG = os.environ["BPG_PACKAGE"]
models: Any = importlib.import_module(f"{PKG}.models")
schemas: Any = importlib.import_module(f"{PKG}.schemas")
base: Any = importlib.import_module(f"{PKG}.base")
enums: Any = importlib.import_module(f"{PKG}.enums")

URL = sa.make_url(os.environ["DATABASE_URL"])
engine = sa.create_engine(URL.set(drivername="postgresql+psycopg"))


def seed() -> dict[str, uuid.UUID]:
    with Session(engine) as s:
        tenant = models.Tenant(name="T")
        s.add(tenant)
        s.flush()
        acme = models.Account(name="Acme", tenant_id=tenant.id)
        bee = models.Account(name="Bee", tenant_id=tenant.id)
        s.add_all([acme, bee])
        s.flush()
        for account, total, status in [
            (acme, "600.00", "sent"),
            (acme, "700.50", "paid"),
            (acme, "50.00", "draft"),
            (bee, "100.00", "sent"),
        ]:
            s.add(
                models.Invoice(
                    account_id=account.id,
                    tenant_id=tenant.id,
                    total=decimal.Decimal(total),
                    status=enums.InvoiceStatusEnum(status),
                )
            )
        s.commit()
        return {"acme": acme.id, "bee": bee.id}


def expected_totals(ids: dict[str, uuid.UUID], tenant: str) -> list[dict[str, Any]]:
    """InvoiceTotalRead as JSON, cheapest first: drafts are not counted."""
    return [
        {"tenant_id": tenant, "account_id": str(ids["bee"]), "invoice_count": 1, "total": "100.00", "last_issued_at": None},
        {"tenant_id": tenant, "account_id": str(ids["acme"]), "invoice_count": 2, "total": "1300.50", "last_issued_at": None},
    ]


def check_orm(ids: dict[str, uuid.UUID]) -> str:
    with Session(engine) as s:
        totals = s.scalars(sa.select(models.InvoiceTotal).order_by(models.InvoiceTotal.total)).all()
        assert [(t.account_id, t.invoice_count, t.total) for t in totals] == [
            (ids["bee"], 1, decimal.Decimal("100.00")),
            (ids["acme"], 2, decimal.Decimal("1300.50")),
        ], totals
        tenant = str(totals[0].tenant_id)
        dumped = [schemas.InvoiceTotalRead.model_validate(t).model_dump(mode="json") for t in totals]
        assert dumped == expected_totals(ids, tenant), dumped
        # A view over a view, read with its key.
        large = s.scalars(sa.select(models.LargeAccount)).all()
        assert [(a.account_id, a.name, a.total, a.invoice_count) for a in large] == [
            (ids["acme"], "Acme", decimal.Decimal("1300.50"), 2)
        ], large
        assert s.get(models.LargeAccount, ids["acme"]) is large[0]
        # An enum column reads back as the enum; the key is every column.
        counts = {c.status: c.invoices for c in s.scalars(sa.select(models.InvoiceStatusCount))}
        assert counts == {enums.InvoiceStatusEnum("draft"): 1, enums.InvoiceStatusEnum("sent"): 2, enums.InvoiceStatusEnum("paid"): 1}, counts
        # A read model joins an entity like any mapped class.
        joined = s.execute(
            sa.select(models.Account.name, models.InvoiceTotal.total)
            .join(models.InvoiceTotal, models.InvoiceTotal.account_id == models.Account.id)
            .order_by(models.Account.name)
        ).all()
        assert [tuple(r) for r in joined] == [("Acme", decimal.Decimal("1300.50")), ("Bee", decimal.Decimal("100.00"))], joined
    # Every kind of write is refused before it reaches the database.
    writes = {
        "insert": lambda s: s.add(models.InvoiceTotal(tenant_id=uuid.uuid4(), account_id=uuid.uuid4(), invoice_count=1, total=decimal.Decimal("1"))),
        "update": lambda s: setattr(s.scalars(sa.select(models.InvoiceTotal)).first(), "total", decimal.Decimal("0")),
        "delete": lambda s: s.delete(s.scalars(sa.select(models.LargeAccount)).one()),
    }
    for kind, write in writes.items():
        with Session(engine) as s:
            write(s)
            try:
                s.flush()
            except base.ReadOnlyViewError:
                continue
            raise AssertionError(f"a flush that would {kind} a view row was not refused")
    return tenant


def build_app(async_url: sa.URL | None) -> FastAPI:
    app = FastAPI()
    if async_url is None:

        def session() -> Iterator[Session]:
            with Session(engine) as s:
                yield s

        @app.get("/invoice-totals", response_model=list[schemas.InvoiceTotalRead])
        def totals(s: Session = Depends(session)) -> Any:
            return s.scalars(sa.select(models.InvoiceTotal).order_by(models.InvoiceTotal.total)).all()

        return app
    async_engine = create_async_engine(async_url, poolclass=NullPool)

    async def async_session() -> AsyncIterator[AsyncSession]:
        async with AsyncSession(async_engine) as s:
            yield s

    @app.get("/invoice-totals", response_model=list[schemas.InvoiceTotalRead])
    async def async_totals(s: AsyncSession = Depends(async_session)) -> Any:
        return (await s.scalars(sa.select(models.InvoiceTotal).order_by(models.InvoiceTotal.total))).all()

    return app


async def check_async(ids: dict[str, uuid.UUID]) -> None:
    async_engine = create_async_engine(URL.set(drivername="postgresql+asyncpg"), poolclass=NullPool)
    async with AsyncSession(async_engine) as s:
        large = (await s.scalars(sa.select(models.LargeAccount))).all()
        assert [a.account_id for a in large] == [ids["acme"]], large
    await async_engine.dispose()


def main() -> None:
    ids = seed()
    tenant = check_orm(ids)
    asyncio.run(check_async(ids))
    for async_url in (None, URL.set(drivername="postgresql+asyncpg")):
        with TestClient(build_app(async_url)) as client:
            r = client.get("/invoice-totals")
            assert r.status_code == 200, r.text
            assert r.json() == expected_totals(ids, tenant), r.json()
    print(json.dumps({"acme": str(ids["acme"]), "bee": str(ids["bee"]), "tenant": tenant}))


if __name__ == "__main__":
    main()
