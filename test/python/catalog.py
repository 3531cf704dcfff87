"""The database schema as PostgreSQL's catalog reports it, in the projection's shape."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine


def introspect(engine: Engine) -> dict[str, Any]:
    """The schema as PostgreSQL's catalog reports it, in the projection's shape."""
    q = {
        "enums": """
            SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)
            FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
            JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public'
            GROUP BY t.typname ORDER BY t.typname""",
        "columns": """
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                   NOT a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attgenerated = 's'
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0
              AND NOT a.attisdropped""",
        "constraints": """
            SELECT c.relname, k.conname, k.contype,
                   array(SELECT attname FROM unnest(k.conkey) WITH ORDINALITY u(n, i)
                         JOIN pg_attribute ON attrelid = k.conrelid AND attnum = u.n
                         ORDER BY u.i),
                   f.relname,
                   array(SELECT attname FROM unnest(k.confkey) WITH ORDINALITY u(n, i)
                         JOIN pg_attribute ON attrelid = k.confrelid AND attnum = u.n
                         ORDER BY u.i),
                   k.confdeltype
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_class f ON f.oid = k.confrelid
            WHERE n.nspname = 'public'""",
        "indexes": """
            SELECT t.relname, i.relname, x.indisunique,
                   array(SELECT attname FROM unnest(x.indkey) WITH ORDINALITY u(n, o)
                         JOIN pg_attribute ON attrelid = t.oid AND attnum = u.n
                         ORDER BY u.o),
                   0 = ANY (x.indkey::int2[]), x.indpred IS NOT NULL, am.amname
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class t ON t.oid = x.indrelid JOIN pg_am am ON am.oid = i.relam
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'public'
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)""",
        "domains": """
            SELECT t.typname, format_type(t.typbasetype, t.typtypmod),
                   array(SELECT k.conname FROM pg_constraint k WHERE k.contypid = t.oid ORDER BY 1)
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE n.nspname = 'public' AND t.typtype = 'd'""",
        "view_columns": """
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'v' AND a.attnum > 0
            ORDER BY c.relname, a.attnum""",
    }
    on_delete = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
    tables: dict[str, dict[str, Any]] = {}

    def table(name: str) -> dict[str, Any]:
        return tables.setdefault(
            name,
            {
                "name": name,
                "columns": [],
                "foreignKeys": [],
                "indexes": [],
                "uniques": [],
                "checks": [],
            },
        )

    with engine.connect() as conn:
        enums = [{"name": n, "values": list(v)} for n, v in conn.execute(sa.text(q["enums"]))]
        for rel, col, typ, nullable, default, generated in conn.execute(sa.text(q["columns"])):
            column = {"name": col, "type": typ, "nullable": nullable, "default": default}
            if generated:  # the expression, where a default would be
                column.update(default=None, generated=default)
            table(rel)["columns"].append(column)
        for rel, name, kind, cols, ref, refcols, deltype in conn.execute(sa.text(q["constraints"])):
            t = table(rel)
            if kind == "p":
                t["primaryKey"] = {"name": name, "columns": list(cols)}
            elif kind == "f":
                t["foreignKeys"].append(
                    {
                        "name": name,
                        "columns": list(cols),
                        "refTable": ref,
                        "refColumns": list(refcols),
                        "onDelete": on_delete[deltype],
                    }
                )
            elif kind == "u":
                t["uniques"].append({"name": name, "columns": list(cols)})
            elif kind == "c":
                t["checks"].append({"name": name})
        for rel, name, unique, cols, expression, partial, method in conn.execute(
            sa.text(q["indexes"])
        ):
            index = {"name": name, "columns": list(cols), "unique": unique}
            # Whether there is an expression or predicate: PostgreSQL prints their SQL its own way.
            if expression:
                index["expression"] = True
            if partial:
                index["where"] = True
            if method != "btree":
                index["using"] = method
            table(rel)["indexes"].append(index)
        views: dict[str, dict[str, Any]] = {}
        for rel, col, typ in conn.execute(sa.text(q["view_columns"])):
            views.setdefault(rel, {"name": rel, "columns": []})["columns"].append(
                {"name": col, "type": typ}
            )
        domains = [
            {"name": n, "type": typ, "checks": [{"name": k} for k in checks]}
            for n, typ, checks in conn.execute(sa.text(q["domains"]))
        ]
    return {"enums": enums, "tables": tables, "views": list(views.values()), "domains": domains}


def normalize(schema: dict[str, Any]) -> dict[str, Any]:
    """Order-insensitive form: the projection and the catalog list things differently."""
    tables = schema["tables"]
    items = tables.values() if isinstance(tables, dict) else tables
    out: dict[str, Any] = {"enums": sorted((e["name"], tuple(e["values"])) for e in schema["enums"])}
    # A domain by its base type and its checks' names (create_all makes one combined check).
    out["domains"] = sorted((d["name"], d["type"]) for d in schema.get("domains", []))
    out["domain_checks"] = sorted(
        (d["name"], k["name"]) for d in schema.get("domains", []) for k in d["checks"]
    )
    # A view by its columns, in order: PostgreSQL prints its query its own way.
    out["views"] = sorted(
        (v["name"], tuple((c["name"], c["type"]) for c in v["columns"]))
        for v in schema.get("views", [])
    )
    for t in items:
        out[t["name"]] = {
            "columns": sorted(
                # A generated column by its presence: PostgreSQL prints the expression its own way.
                (c["name"], c["type"], c["nullable"], c["default"], "generated" in c)
                for c in t["columns"]
            ),
            "primaryKey": (t["primaryKey"]["name"], tuple(t["primaryKey"]["columns"])),
            "foreignKeys": sorted(
                (f["name"], tuple(f["columns"]), f["refTable"], tuple(f["refColumns"]), f["onDelete"])
                for f in t["foreignKeys"]
            ),
            "indexes": sorted(
                (
                    i["name"],
                    tuple(i["columns"]),
                    i["unique"],
                    "expression" in i,
                    "where" in i,
                    i.get("using", "btree"),
                )
                for i in t["indexes"]
            ),
            "uniques": sorted((u["name"], tuple(u["columns"])) for u in t["uniques"]),
            # By name: PostgreSQL prints an expression its own way (gen migrate verify
            # compares the expressions, as PostgreSQL prints both).
            "checks": sorted(k["name"] for k in t.get("checks", [])),
        }
    return out
