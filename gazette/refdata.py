"""Small, rarely changed reference tables kept in each process: regulations, regions, statutory amounts.

A request that files a case reads a dozen rows that change a few times a year (the regulations and their
extensions, the region tree, the 交强险 limits, last year's average wage). Reading them from PostgreSQL on every
request cost a third of a submission's statements (bench/README.md, ``fund_api_post_load``). A
:class:`ReferenceData` holds one loaded copy per process and keeps it correct:

- every save or delete of a watched model (admin, services, ``loaddata``) drops this process's copy at once, and
  after the transaction commits publishes a new version under a shared cache key;
- every process compares its copy's version with the shared one at most every ``REFDATA_CHECK_SECONDS`` seconds
  (settings; 0 in tests) and reloads when they differ, so a change reaches all web and worker processes within
  that time;
- inside the transaction that changed a watched model the copy is read fresh and not kept (the change may still
  roll back); a missing cache key or an unreachable cache means "reload", never "keep a stale copy".

``QuerySet.update()`` and raw SQL send no signals: call :meth:`ReferenceData.changed` after them.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)
T = TypeVar("T")
_MISSING = object()
_registry: dict[str, ReferenceData] = {}


def _check_seconds() -> float:
    return float(getattr(settings, "REFDATA_CHECK_SECONDS", 2.0))


class ReferenceData(Generic[T]):
    """One process-local copy of ``load()``'s result, dropped when a model in ``watch`` changes anywhere."""

    def __init__(self, name: str, load: Callable[[], T], *, watch: tuple[str, ...]) -> None:
        if name in _registry:
            raise ValueError(f"reference data {name!r} is defined twice")
        self.name = name
        self.watch = watch
        self._load = load
        self._lock = threading.Lock()
        self._value: object = _MISSING
        self._version: str | None = None
        self._checked_at = 0.0
        self._pending = False  # this process changed a watched model in a transaction not yet committed
        for label in watch:
            post_save.connect(self._on_change, sender=label, weak=False, dispatch_uid=f"refdata:{name}:{label}:s")
            post_delete.connect(self._on_change, sender=label, weak=False, dispatch_uid=f"refdata:{name}:{label}:d")
        _registry[name] = self

    @property
    def cache_key(self) -> str:
        return f"gazette:refdata:{self.name}"

    def get(self) -> T:
        """The table as of at most ``REFDATA_CHECK_SECONDS`` ago (as of now after this process's own changes)."""
        if self._pending:
            if connection.in_atomic_block:
                return self._load()  # our own uncommitted change: read it, keep nothing
            self._pending = False  # the transaction ended without committing (on_commit would have cleared it)
            self.reset()
        value = self._value
        if value is not _MISSING and time.monotonic() - self._checked_at < _check_seconds():
            return value  # type: ignore[return-value]
        with self._lock:
            shared = self._shared_version()
            if self._value is _MISSING or shared is None or shared != self._version:
                # Version first, rows second: a change committed in between shows as a new version next time.
                self._value = self._load()
                self._version = shared
            self._checked_at = time.monotonic()
            return self._value  # type: ignore[return-value]

    def reset(self) -> None:
        """Drop this process's copy; the next :meth:`get` loads the table again."""
        with self._lock:
            self._value = _MISSING
            self._version = None
            self._checked_at = 0.0

    def changed(self) -> None:
        """Tell every process the table changed (call after ``QuerySet.update()`` or raw SQL on a watched model)."""
        self.reset()
        if connection.in_atomic_block:
            self._pending = True
        transaction.on_commit(self._publish)

    def _on_change(self, sender, **kwargs) -> None:
        self.changed()

    def _publish(self) -> None:
        from django.core.cache import cache

        self._pending = False
        self.reset()
        try:
            cache.set(self.cache_key, secrets.token_hex(8), None)
        except Exception:  # the other processes pick the change up when the cache is back
            logger.warning("refdata: cannot publish a new version of %s", self.name, exc_info=True)

    def _shared_version(self) -> str | None:
        from django.core.cache import cache

        try:
            value = cache.get(self.cache_key)
            if value is None:
                cache.add(self.cache_key, secrets.token_hex(8), None)
                value = cache.get(self.cache_key)
            return value
        except Exception:
            logger.warning("refdata: cache unavailable, reloading %s", self.name, exc_info=True)
            return None


def reset_all() -> None:
    """Drop every copy in every process (tests call this between tests: each test's rows are rolled back or
    flushed, and migration data is put back with ``bulk_create``, which sends no signals)."""
    for data in _registry.values():
        data._publish()
