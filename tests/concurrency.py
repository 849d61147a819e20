"""Running a piece of code in several threads at once, each with its own database connection (races, locks)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections


def run_together(work: Callable[[int], Any], n: int) -> list[Any]:
    """Start ``work(i)`` for i in 0..n-1 in ``n`` threads released together by a barrier; wait for all and return
    what each returned or raised (an exception object), in thread order. Each thread closes its connections."""
    barrier = threading.Barrier(n)
    outcomes: list[Any] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            outcomes[i] = work(i)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller, who says what was expected
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes
