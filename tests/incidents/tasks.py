"""Deliberately failing tasks, registered only when the incident tests import this module."""

from __future__ import annotations

from celery import shared_task

ATTEMPTS: dict[str, int] = {}


@shared_task(name="tests.incidents.always_fails", bind=True, autoretry_for=(ConnectionError,), retry_backoff=False,
             default_retry_delay=0, retry_jitter=False)
def always_fails(self, tag: str, id_number: str = "") -> None:
    ATTEMPTS[tag] = ATTEMPTS.get(tag, 0) + 1
    raise ConnectionError(f"remote office unreachable for {id_number}")


@shared_task(name="tests.incidents.works", bind=True)
def works(self, tag: str) -> str:
    ATTEMPTS[tag] = ATTEMPTS.get(tag, 0) + 1
    return tag
