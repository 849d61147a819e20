"""Print shell exports that pick the services for `make run` / `make test`.

- DATABASE_URL: kept when set; for tests, PostgreSQL on 127.0.0.1:5432 when it answers, else SQLite (said loudly).
- REDIS_URL: kept when set; else Redis on 127.0.0.1:6379 when it answers (tests use database 15), else unset.
"""

from __future__ import annotations

import os
import socket
import sys


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def ensure_database(url: str) -> None:
    """Create the (empty) database so `makemigrations --check` can read its migration history; tests use
    their own test_ database."""
    try:
        import psycopg
    except ImportError:
        return
    name = url.rsplit("/", 1)[1]
    try:
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True, connect_timeout=3) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        sys.stderr.write(f"note: could not create database {name}: {exc}\n")


def main(mode: str) -> None:
    out: dict[str, str] = {}
    if os.environ.get("DATABASE_URL"):
        out["DATABASE_URL"] = os.environ["DATABASE_URL"]
    elif mode == "test":
        if reachable("127.0.0.1", 5432):
            out["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/gazette"
            ensure_database(out["DATABASE_URL"])
        else:
            sys.stderr.write(
                "\n!!! WARNING: PostgreSQL is not reachable on 127.0.0.1:5432 and DATABASE_URL is not set.\n"
                "!!! The tests FALL BACK TO SQLITE: row locks, SKIP LOCKED and the audit trigger are NOT tested.\n\n"
            )
    if os.environ.get("REDIS_URL"):
        out["REDIS_URL"] = os.environ["REDIS_URL"]
    elif reachable("127.0.0.1", 6379):
        out["REDIS_URL"] = "redis://127.0.0.1:6379/15" if mode == "test" else "redis://127.0.0.1:6379/0"
    elif mode == "test":
        sys.stderr.write("!!! WARNING: Redis is not reachable: Celery worker tests will be skipped.\n")
    for key, value in out.items():
        print(f"export {key}='{value}'")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "run")
