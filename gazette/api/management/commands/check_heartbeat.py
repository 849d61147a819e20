"""Exit non-zero when the worker heartbeat (scheduled by beat every minute) is older than --max-age seconds."""

from __future__ import annotations

from datetime import datetime

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gazette.api.tasks import HEARTBEAT_KEY


class Command(BaseCommand):
    help = "Check that beat and a worker are alive through the heartbeat they leave in the cache."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--max-age", type=int, default=300)

    def handle(self, *args, **options) -> None:
        raw = cache.get(HEARTBEAT_KEY)
        if not raw:
            raise CommandError("no worker heartbeat recorded yet")
        age = (timezone.now() - datetime.fromisoformat(raw)).total_seconds()
        if age > options["max_age"]:
            raise CommandError(f"last worker heartbeat {age:.0f}s ago (limit {options['max_age']}s)")
        self.stdout.write(f"heartbeat {age:.0f}s ago")
