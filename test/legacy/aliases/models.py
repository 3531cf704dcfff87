"""Identity and tenant aliases the spec rules refuse: `widget_guid` on Widget, `tenant_guid`."""

import uuid

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class BaseModel:
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)


class Tenant(Base):
    __tablename__ = "tenants"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100))


class Widget(Base, BaseModel):
    __tablename__ = "widgets"

    name: Mapped[str] = mapped_column(String(80))
    widget_guid: Mapped[uuid.UUID] = mapped_column(unique=True)
    tenant_guid: Mapped[uuid.UUID | None] = mapped_column()
