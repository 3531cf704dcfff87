"""Joined-table inheritance as CTFd writes it: the subclass key takes its type from the parent (`Column(None, ...)`)."""

import uuid

from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Tenant(Base):
    __tablename__ = "tenants"
    id = Column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    name = Column(String(100), nullable=False)


class Submission(Base):
    __tablename__ = "submissions"
    id = Column(Integer, primary_key=True)
    tenant_id = Column(UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False)
    type = Column(String(32))
    __mapper_args__ = {"polymorphic_on": type, "polymorphic_identity": "submission"}


class Solve(Submission):
    __tablename__ = "solves"
    id = Column(None, ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True)
    __mapper_args__ = {"polymorphic_identity": "correct"}
