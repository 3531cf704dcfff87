"""Types a static reading meets in real projects: third-party, wrapped, and a project helper."""

import uuid

from shared.base import Base, TenantMixin
from sqlalchemy import Column, String
from sqlalchemy.dialects.postgresql import CITEXT, JSONB, UUID
from sqlalchemy.ext.mutable import MutableDict
from sqlalchemy_utils import JSONType

from app.types import key_type


class Account(TenantMixin, Base):
    __tablename__ = "accounts"
    id = Column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    email = Column(CITEXT, nullable=False, unique=True)
    settings = Column(MutableDict.as_mutable(JSONB), nullable=True)
    extra = Column(JSONType, nullable=True)
    external_ref = Column(key_type("Organization"), nullable=True)
    name = Column(String(80), nullable=False)
