"""A project type, in a file of its own: a TypeDecorator whose impl the import reads."""

from sqlalchemy.types import CHAR, TypeDecorator


class ShortCode(TypeDecorator):
    impl = CHAR
    cache_ok = True
