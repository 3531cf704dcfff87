"""A base that names every table (`declared_attr` `__tablename__`), as SQLAlchemy's examples do."""

from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column


class Base(DeclarativeBase):
    @declared_attr.directive
    def __tablename__(cls) -> str:
        return cls.__name__.lower()

    id: Mapped[int] = mapped_column(primary_key=True)


class HasNotes:
    note: Mapped[str | None]


class Address(HasNotes, Base):
    street: Mapped[str]
