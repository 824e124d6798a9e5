"""Copies a canonical SQLite database (yewu generate) into another store, so
that every connector can be given the same data set.

- PostgreSQL: the canonical schema with BIGINT for INTEGER, loaded with COPY
  through psql (text format, so any scale loads quickly).
- MariaDB/MySQL: the canonical schema (indexes dropped: TEXT columns cannot be
  indexed without a prefix), loaded with multi-row INSERTs through the mariadb
  client, with NO_BACKSLASH_ESCAPES so standard SQL quoting holds.
- CSV: one <table>.csv per table, header row of canonical names, RFC 4180,
  NULL as an empty unquoted field and the empty string as "".

The values keep exactly the text SQLite gives them, so every source yields the
same raw rows.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
from pathlib import Path

SOURCE_DIR = Path(os.environ.get("YEWU_SOURCE_DIR", Path(__file__).resolve().parents[2]))
SCHEMA_SQL = SOURCE_DIR / "config" / "schema" / "canonical.sql"
TABLES = ("salesperson", "customer", "orders", "order_line", "invoice", "payment", "visit", "target", "rating")


def schema_statements() -> list[str]:
    text = re.sub(r"--[^\n]*", "", SCHEMA_SQL.read_text(encoding="utf-8"))
    return [s.strip() for s in text.split(";") if s.strip()]


def table_rows(db: Path, table: str):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        cur = con.execute(f"SELECT * FROM {table}")
        columns = [d[0] for d in cur.description]
        yield columns
        yield from cur
    finally:
        con.close()


def _pg_copy_value(value) -> str:
    if value is None:
        return r"\N"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def load_postgres(db: Path, conninfo: str, env: dict | None = None) -> None:
    """Creates the canonical tables in the database `conninfo` names and copies every row."""
    script = ["SET client_min_messages = warning;"]
    for table in TABLES:
        script.append(f"DROP TABLE IF EXISTS {table};")
    for statement in schema_statements():
        script.append(re.sub(r"\bINTEGER\b", "BIGINT", statement) + ";")
    for table in TABLES:
        rows = table_rows(db, table)
        columns = next(rows)
        script.append(f"COPY {table} ({', '.join(columns)}) FROM STDIN;")
        for row in rows:
            script.append("\t".join(_pg_copy_value(v) for v in row))
        script.append("\\.")
    # As autovacuum would soon after a bulk load: statistics, and the visibility map that
    # lets the duplicate-number scan read its covering index alone.
    script.append("VACUUM ANALYZE;")
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", conninfo], input="\n".join(script) + "\n",
                   text=True, check=True, env=env, capture_output=True)


def _sql_literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def load_mariadb(db: Path, client_args: list[str], batch: int = 500) -> None:
    """client_args: how to reach the server with the mariadb client, e.g.
    ["--socket=/tmp/x/mysql.sock", "-uroot", "yewu"]."""
    script = ["SET sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES,ANSI_QUOTES');", "SET NAMES utf8mb4;"]
    for table in TABLES:
        script.append(f"DROP TABLE IF EXISTS {table};")
    for statement in schema_statements():
        if statement.upper().startswith("CREATE INDEX"):
            continue
        script.append(statement + ";")
    for table in TABLES:
        rows = table_rows(db, table)
        columns = next(rows)
        pending: list[str] = []
        for row in rows:
            pending.append("(" + ", ".join(_sql_literal(v) for v in row) + ")")
            if len(pending) == batch:
                script.append(f"INSERT INTO {table} ({', '.join(columns)}) VALUES " + ", ".join(pending) + ";")
                pending = []
        if pending:
            script.append(f"INSERT INTO {table} ({', '.join(columns)}) VALUES " + ", ".join(pending) + ";")
    subprocess.run(["mariadb", "--no-defaults", *client_args], input="\n".join(script) + "\n", text=True,
                   check=True, capture_output=True)


def _csv_value(value) -> str:
    if value is None:
        return ""
    text = str(value)
    if text == "" or any(c in text for c in ',"\r\n') or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def write_csv(db: Path, directory: Path, encoding: str = "utf-8") -> None:
    """One <table>.csv per canonical table (CRLF line ends, as RFC 4180 writes them)."""
    directory.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        rows = table_rows(db, table)
        columns = next(rows)
        with open(directory / f"{table}.csv", "w", encoding=encoding, newline="") as out:
            out.write(",".join(columns) + "\r\n")
            for row in rows:
                out.write(",".join(_csv_value(v) for v in row) + "\r\n")
