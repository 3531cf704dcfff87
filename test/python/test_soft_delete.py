"""Soft delete (the blueprint's `soft_delete`): the ORM hides deleted rows, a partial unique
index frees a deleted row's unique values, and a hard delete still deletes."""

from __future__ import annotations

import importlib
import uuid
from types import ModuleType
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session


def test_deleted_rows_are_hidden_and_free_their_unique_values(package: ModuleType, engine: Engine) -> None:
    base = importlib.import_module(f"{package.__name__}.base")
    if not hasattr(base, "soft_delete"):
        pytest.skip("the blueprint has no soft_delete")
    models = importlib.import_module(f"{package.__name__}.models")
    tenant_cls: Any = models.Tenant
    member_cls: Any = models.Member
    with Session(engine) as s:
        tenant = tenant_cls(name="t")
        s.add(tenant)
        s.flush()
        first = member_cls(tenant_id=tenant.id, email="a@x.io", handle="ann", badge="b", ledger_ref="L1")
        s.add(first)
        s.commit()
        first_id = first.id
        tenant_id = tenant.id
        base.soft_delete(first)
        s.commit()
    # Other tests' rows live in other tenants.
    mine = sa.select(member_cls).where(member_cls.tenant_id == tenant_id)
    with Session(engine) as s:
        assert s.scalars(mine).all() == []
        assert s.get(member_cls, first_id) is None
        every = s.scalars(mine.execution_options(include_deleted=True)).all()
        assert [m.id for m in every] == [first_id]
        # The deleted row's email and handle are free again; ledger_ref (all_rows) is not.
        s.add(member_cls(tenant_id=tenant_id, email="a@x.io", handle="ann", badge="b", ledger_ref="L2"))
        s.commit()
        with pytest.raises(sa.exc.IntegrityError):
            s.add(member_cls(tenant_id=tenant_id, email="b@x.io", handle="bob", badge="b", ledger_ref="L1"))
            s.commit()
        s.rollback()
        # Two live rows with one email: refused.
        with pytest.raises(sa.exc.IntegrityError):
            s.add(member_cls(tenant_id=tenant_id, email="a@x.io", handle="cy", badge="b", ledger_ref="L3"))
            s.commit()
        s.rollback()
    with Session(engine) as s:
        # A relationship load sees live rows only too.
        owner = member_cls(tenant_id=tenant_id, email="n@x.io", handle="nan", badge="b", ledger_ref="L9")
        s.add(owner)
        s.flush()
        kept, dropped = models.Note(tenant_id=tenant_id, member_id=owner.id, body="kept"), models.Note(tenant_id=tenant_id, member_id=owner.id, body="dropped")
        s.add_all([kept, dropped])
        s.flush()
        base.soft_delete(dropped)
        s.commit()
        owner_id = owner.id
    with Session(engine) as s:
        loaded = s.get(member_cls, owner_id)
        assert loaded is not None
        assert [n.body for n in loaded.notes] == ["kept"]
    with Session(engine) as s:
        # A hard delete removes the row for good.
        deleted = s.scalars(sa.select(member_cls).where(member_cls.id == first_id).execution_options(include_deleted=True)).one()
        s.delete(deleted)
        s.commit()
        gone = s.execute(sa.text("SELECT count(*) FROM members WHERE id = :id"), {"id": first_id}).scalar_one()
        assert gone == 0
        assert isinstance(first_id, uuid.UUID)
