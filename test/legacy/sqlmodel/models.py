"""SQLModel's own tutorial style: table=True classes, a shared base of fields, Field(...) options, Relationship."""

import uuid
from datetime import datetime
from decimal import Decimal

from sqlmodel import Field, Relationship, SQLModel


class Tenant(SQLModel, table=True):
    __tablename__ = "tenants"
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    name: str = Field(max_length=100)


class TeamBase(SQLModel):
    name: str = Field(index=True, max_length=80)
    headquarters: str


class Team(TeamBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", ondelete="CASCADE")
    budget: Decimal = Field(default=0, max_digits=12, decimal_places=2)
    heroes: list["Hero"] = Relationship(back_populates="team")


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", ondelete="CASCADE")
    name: str = Field(index=True)
    secret_name: str
    age: int | None = Field(default=None, index=True)
    joined_at: datetime
    team_id: int | None = Field(default=None, foreign_key="team.id", ondelete="SET NULL")
    team: Team | None = Relationship(back_populates="heroes")
