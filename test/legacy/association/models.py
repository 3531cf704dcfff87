"""A many-to-many through a Core association table (SQLAlchemy's documented pattern), and one with payload as a class."""

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


post_keywords = Table(
    "post_keywords",
    Base.metadata,
    Column("post_id", ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("keyword_id", ForeignKey("keywords.id", ondelete="CASCADE"), primary_key=True),
)

# No key of its own: rows are pairs (many projects write association tables this way).
post_readers = Table(
    "post_readers",
    Base.metadata,
    Column("post_id", Integer, ForeignKey("posts.id", ondelete="CASCADE")),
    Column("reader_id", Integer, ForeignKey("readers.id", ondelete="CASCADE")),
)


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str | None] = mapped_column(Text)
    keywords: Mapped[list["Keyword"]] = relationship(secondary=post_keywords, back_populates="posts")
    readers: Mapped[list["Reader"]] = relationship(secondary=post_readers, back_populates="read")


class Keyword(Base):
    __tablename__ = "keywords"
    id: Mapped[int] = mapped_column(primary_key=True)
    keyword: Mapped[str] = mapped_column(String(50), unique=True)
    posts: Mapped[list[Post]] = relationship(secondary=post_keywords, back_populates="keywords")


class Reader(Base):
    __tablename__ = "readers"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(120))
    read: Mapped[list[Post]] = relationship(secondary=post_readers, back_populates="readers")
