"""Load demo data for the local run: regions come with the migrations; this adds organisations, roles, demo
users, and whatever each installed Gazette app offers in its ``demo.py`` (a ``load(stdout)`` function that
returns rows of demo users). Safe to run again: nothing is duplicated."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load idempotent demo data (organisations, one user per role, demo cases) and print the logins."

    def handle(self, *args, **options) -> None:
        rows: list[tuple[str, str, str, str]] = []
        root = Path(settings.BASE_DIR)
        # The engine's organisations first; then every other app in the project.
        configs = sorted(
            (c for c in apps.get_app_configs() if Path(c.path).parent in (root, root / "gazette")),
            key=lambda c: (0 if c.name == "gazette.orgs" else 1 if c.name.startswith("gazette.") else 2, c.name),
        )
        for config in configs:
            module_name = f"{config.name}.demo"
            if find_spec(module_name) is None:
                continue
            with transaction.atomic():
                result = import_module(module_name).load(stdout=self.stdout)
            rows.extend(result or [])
        self.stdout.write(self.style.SUCCESS("演示数据已就绪 / demo data ready. 演示账号 (demo logins):"))
        width = max((len(r[0]) for r in rows), default=8)
        for username, password, name, role_codes in rows:
            self.stdout.write(f"  {username.ljust(width)}  {password}  {name}  [{role_codes}]")
