"""Run legacy model code against PostgreSQL, as its authors run it, to make the legacy database.

Usage: python run_legacy.py <models.py> <database url>

The file's own demo runs with its SQLite engine replaced by the database (SQLAlchemy's examples
create their tables and insert their rows that way); a module without one gets its metadata's
create_all.
"""

import re
import sys
import types
from pathlib import Path

import sqlalchemy as sa

path, url = Path(sys.argv[1]), sys.argv[2]
source = path.read_text()
engine_call = re.compile(r'create_engine\(\s*"sqlite://"[^)]*\)')
has_demo = bool(engine_call.search(source))
source = engine_call.sub(f"create_engine({url!r})", source)
# SQLAlchemy resolves annotations in the module a class names: register it under that name.
name = "__main__" if has_demo else "legacy_models"
module = types.ModuleType(name)
module.__dict__["__file__"] = str(path)
sys.modules[name] = module
exec(compile(source, str(path), "exec"), module.__dict__)
if not has_demo:
    # Every metadata the module's classes hang on (a declarative Base, SQLModel's), once each.
    engine = sa.create_engine(url)
    seen: set[int] = set()
    for value in list(vars(module).values()):
        metadata = getattr(value, "metadata", None)
        if isinstance(metadata, sa.MetaData) and id(metadata) not in seen:
            seen.add(id(metadata))
            metadata.create_all(engine)
