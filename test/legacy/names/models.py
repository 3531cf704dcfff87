"""Names and keys the spec rules refuse, in a 1.x-style code base: the audit must find each."""

import uuid

from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class BaseModel:
    id = Column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    tenant_id = Column(UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False, index=True)


class Tenant(Base):
    __tablename__ = "tenants"
    id = Column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    name = Column(String(100), nullable=False)


class Shelf(Base, BaseModel):
    __tablename__ = "shelves"
    label = Column(String(40), nullable=False)


class Book(Base, BaseModel):
    __tablename__ = "books"
    order = Column(Integer, nullable=False)
    the_number_of_times_this_book_was_borrowed_by_anyone_since_the_beginning = Column(Integer)
    shelf_id = Column(UUID(as_uuid=True), ForeignKey("shelves.id"), index=True)


class Note(Base):
    __tablename__ = "notes"
    id = Column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    body = Column(String(200))
