"""Entities inherit the hand-written mixins their spec declares (Blueprint 2.1.4)."""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

import pytest


def test_declared_mixins_are_inherited(package: ModuleType) -> None:
    if importlib.util.find_spec("app_mixins") is None:
        pytest.skip("this package declares no mixins")
    audit = importlib.import_module("app_mixins.audit")
    models = importlib.import_module(f"{package.__name__}.models")
    entity = models.DepartmentWithAnUnusuallyLongDescriptiveName
    assert issubclass(entity, audit.AuditMixinWithAnExtraordinarilyLongName)
    assert issubclass(entity, audit.SecondMixin)
    obj = entity(name="x")
    assert obj.audit_label() == "audited DepartmentWithAnUnusuallyLongDescriptiveName"
    assert obj.second() == 2
