"""Hand-written mixins: behaviour lives here, never in generated files (Blueprint 2.1.4)."""

from __future__ import annotations


class AuditMixinWithAnExtraordinarilyLongName:
    """Adds a method to the generated entity."""

    def audit_label(self) -> str:
        return f"audited {type(self).__name__}"


class SecondMixin:
    """A second mixin, to show several are inherited in order."""

    def second(self) -> int:
        return 2
