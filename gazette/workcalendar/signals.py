"""Signals of the working-day calendar.

``calendar_changed`` is sent after the transaction that changed the calendar commits, with

- ``sender``: the model whose rows changed (``CalendarOverride`` or ``OfficialYear``),
- ``years``: ``set[int]`` of the calendar years whose working days may have moved,
- ``reason``: a Chinese sentence saying what changed (to be recorded with any recount).

The in-memory calendar of the sending process is already reset when receivers run, so a receiver that recounts
(the deadlines engine) sees the new data. Receivers should queue work (a Celery task) rather than do it inline;
they are called with ``send_robust`` so one failing receiver neither hides the change nor breaks the request.
"""

from django.dispatch import Signal

calendar_changed = Signal()
