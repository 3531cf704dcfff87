"""A second legacy module in SQLAlchemy 2.0 style, with defects of its own."""

import enum
import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import DateTime, Float, ForeignKey, Integer, Numeric, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class BaseModel:
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)


class InvoiceState(str, enum.Enum):
    DRAFT = "draft"
    PAID = "paid"


class Customer(Base, BaseModel):
    __tablename__ = "customer"

    fullName: Mapped[str] = mapped_column(String(200))
    invoices: Mapped[list["Invoice"]] = relationship(back_populates="customer")


class Invoice(Base, BaseModel):
    __tablename__ = "invoices"

    total_amount: Mapped[float] = mapped_column(Float)
    tax: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    issued_at: Mapped[datetime] = mapped_column(DateTime)
    customer_id: Mapped[int] = mapped_column(Integer, ForeignKey("customer.id"))
    customer: Mapped["Customer"] = relationship(back_populates="invoices")
    lines = relationship("InvoiceLine", back_populates="nothing")


class Report:
    """Not a model: no table."""

    title = "x"
