"""Insert a few rows into every table of a database, whatever its shape (property tests).

Usage: python seed_rows.py <database url>  → prints {"table": rows inserted, ...} as JSON.

Tables are filled parents first; a reference takes a row of its table (NULL when nullable and
there is none); a key or unique column takes a value of its own per row. A table whose rows the
database refuses (a cycle of NOT NULL references) is left empty.
"""

import datetime
import decimal
import json
import sys
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

ROWS = 2


def value(column: sa.Column[Any], i: int) -> Any:
    t = column.type
    if isinstance(t, (sa.Integer, sa.BigInteger, sa.SmallInteger)):
        return 1000 + i
    if isinstance(t, sa.Numeric) and not isinstance(t, sa.Float):
        return decimal.Decimal("12.25") + i
    if isinstance(t, sa.Float):
        return 1.5 + i
    if isinstance(t, sa.Boolean):
        return i % 2 == 0
    if isinstance(t, sa.DateTime):
        return datetime.datetime(2021, 3, 4, 5, 6, 7 + i)
    if isinstance(t, sa.Date):
        return datetime.date(2021, 3, 4 + i)
    if isinstance(t, sa.Interval):
        return datetime.timedelta(hours=i + 1)
    if isinstance(t, (sa.Uuid, postgresql.UUID)):
        return uuid.uuid4()
    if isinstance(t, (sa.JSON, postgresql.JSONB)):
        return {"k": i}
    if isinstance(t, sa.String):
        text = f"v{i}-{uuid.uuid4().hex[:6]}"
        return text[: t.length] if t.length else text
    return f"v{i}"


def main() -> None:
    engine = sa.create_engine(sys.argv[1])
    metadata = sa.MetaData()
    metadata.reflect(engine)
    counts: dict[str, int] = {}
    for table in metadata.sorted_tables:
        inserted = 0
        for i in range(ROWS):
            row: dict[str, Any] = {}
            with engine.connect() as c:
                for column in table.columns:
                    if column.primary_key and column.autoincrement is True or (column.server_default is not None and not column.primary_key):
                        continue
                    fks = list(column.foreign_keys)
                    if fks:
                        target = fks[0].column
                        found = c.execute(sa.select(target).offset(i).limit(1)).scalar() or c.execute(sa.select(target).limit(1)).scalar()
                        if found is None and not column.nullable:
                            break
                        row[column.name] = found
                    elif column.primary_key and column.server_default is not None:
                        continue
                    else:
                        row[column.name] = value(column, i)
                else:
                    try:
                        c.execute(table.insert().values(**row))
                        c.commit()
                        inserted += 1
                    except sa.exc.DBAPIError:
                        c.rollback()
        counts[table.name] = inserted
    print(json.dumps(counts))


main()
