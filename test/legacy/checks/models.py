"""Legacy models with CHECK constraints in the styles real code writes them."""

import sqlalchemy as sa
from sqlalchemy import ARRAY, CheckConstraint, Column, ForeignKey, Integer, Numeric, String
from sqlalchemy.dialects.postgresql import INET, TSVECTOR
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


class Tenant(Base):
    __tablename__ = "tenants"
    id = Column(sa.Uuid, primary_key=True)
    name = Column(String(100), nullable=False)


class Product(Base):
    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint("price >= 0", name="ck_products_price_min"),
        CheckConstraint("stock <= 100000", name="stock_cap"),
        sa.CheckConstraint("sku ~ '^[A-Z]{3}-[0-9]{4}$'", name="ck_products_sku_pattern"),
        CheckConstraint("sale_price <= price"),
        {"comment": "catalog"},
    )
    id = Column(sa.Uuid, primary_key=True)
    tenant_id = Column(sa.Uuid, ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False)
    sku = Column(String(8), nullable=False)
    price = Column(Numeric(10, 2), nullable=False)
    sale_price = Column(Numeric(10, 2), nullable=True)
    markdown = Column(Numeric(10, 2), sa.Computed("price - sale_price", persisted=True))
    stock = Column(Integer, nullable=False)


class Store(Base):
    """Fixed-length codes, times of day, arrays, durations, addresses and a search document."""

    __tablename__ = "stores"
    __table_args__ = (
        sa.Index("ix_stores_country_open", "country", postgresql_where=sa.text("opens_at IS NOT NULL")),
        sa.Index("ix_stores_tags", "tags", postgresql_using="gin"),
        sa.Index("ix_stores_name_lower", sa.text("lower(name)"), unique=True),
    )
    id = Column(sa.Uuid, primary_key=True)
    name = Column(sa.Text, nullable=False)
    tenant_id = Column(sa.Uuid, ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False)
    country = Column(sa.CHAR(2), nullable=False)
    opens_at = Column(sa.Time, nullable=True)
    tags = Column(sa.ARRAY(String), nullable=True)
    shelf_numbers = Column(ARRAY(Integer), nullable=False)
    grace = Column(sa.Interval, nullable=True)
    client_ip = Column(INET, nullable=False)
    search = Column(TSVECTOR, sa.Computed("to_tsvector('simple'::regconfig, name)", persisted=True), nullable=False)
    # Checks on the column itself, unnamed (PostgreSQL names it stores_level_check) and named.
    level = Column(Integer, CheckConstraint("level >= 0"), nullable=False)
    discount = Column(Numeric(5, 2), CheckConstraint("discount <= 50", name="discount_cap"), nullable=True)
