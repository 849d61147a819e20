from __future__ import annotations

import os

# pg_dump runs with an argument list built from settings, never through a shell.
import subprocess  # nosec B404
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from gazette.audit.personal_data import scan_dump, scan_lines


def pg_dump_to(path: Path) -> None:
    """Write a data-only plain-SQL dump of the current database to ``path``."""
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["pg_dump", "--data-only", "--no-owner", "--format=plain", f"--file={path}",
            f"--host={db.get('HOST') or '127.0.0.1'}", f"--port={db.get('PORT') or 5432}",
            f"--username={db.get('USER') or 'postgres'}", str(db["NAME"])]
    result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=3600, check=False)  # noqa: S603  # nosec B603
    if result.returncode != 0:
        raise CommandError(f"pg_dump failed: {result.stderr.strip()}")


class Command(BaseCommand):
    help = ("Find resident ID numbers (GB 11643 check character valid) in log files and in a pg_dump of the "
            "database outside the columns registered in PERSONAL_DATA_COLUMNS. Exit status 1 when any is found.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("logs", nargs="*", help="log files to scan")
        parser.add_argument("--database", action="store_true", help="dump the database with pg_dump and scan it")
        parser.add_argument("--dump", help="scan an existing plain-SQL dump instead of making one")

    def handle(self, *args, **options) -> None:
        findings, scanned = [], 0
        for name in options["logs"]:
            with open(name, encoding="utf-8", errors="replace") as fh:
                for finding in scan_lines(fh, name=name):
                    findings.append(finding)
            scanned += 1
        dump_path = options["dump"]
        if options["database"] and not dump_path:
            if connection.vendor != "postgresql":
                raise CommandError("--database needs PostgreSQL (pg_dump)")
            tmp = tempfile.NamedTemporaryFile(prefix="pii-scan-", suffix=".sql", delete=False)  # noqa: SIM115
            tmp.close()
            dump_path = tmp.name
            try:
                pg_dump_to(Path(dump_path))
                findings += self._scan_dump(dump_path)
            finally:
                os.unlink(dump_path)
            scanned += 1
        elif dump_path:
            findings += self._scan_dump(dump_path)
            scanned += 1
        if not scanned:
            raise CommandError("nothing to scan: give log files, --database or --dump")
        for finding in findings:
            self.stdout.write(str(finding))
        bad = [f for f in findings if not f.allowed]
        self.stdout.write(f"pii_scan: {scanned} source(s), {len(findings)} ID number(s) found, "
                          f"{len(bad)} outside registered personal-data columns")
        if bad:
            raise CommandError(f"{len(bad)} plaintext ID number(s) outside registered columns", returncode=1)

    def _scan_dump(self, path: str) -> list:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return list(scan_dump(fh))
