"""Calendar tests start and end with an empty in-memory calendar, so data from one test never leaks into another
(the test transaction is rolled back, but the process-local table would survive it)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fresh_calendar():
    from gazette.workcalendar import table

    table.reset()
    yield
    table.reset()
