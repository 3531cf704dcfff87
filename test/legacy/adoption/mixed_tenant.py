import uuid

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, InvoiceState


class Tenant(Base):
    __tablename__ = "tenants"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    state: Mapped[InvoiceState] = mapped_column(default=InvoiceState.DRAFT)
