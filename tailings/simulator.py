"""A small monitoring simulator for the demo and the benchmarks: readings of a facility's stations every few
minutes, with a smooth daily swing and noise, optionally crossing the phreatic line's limit at the end."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

BASE = {"phreatic_depth": 7.5, "displacement": 8.0, "seepage": 1.2, "dry_beach": 110.0, "freeboard": 2.5,
        "rainfall": 0.0}
SWING = {"phreatic_depth": 0.6, "displacement": 2.0, "seepage": 0.2, "dry_beach": 5.0, "freeboard": 0.2,
         "rainfall": 0.5}


def value_at(quantity: str, moment: datetime, *, rng: random.Random, cross: float = 0.0) -> float:
    """The simulated value; ``cross`` (0…1) drags the phreatic line towards the surface (a shallower depth)."""
    phase = (moment.timestamp() % 86400) / 86400 * 2 * math.pi
    value = BASE[quantity] + SWING[quantity] * math.sin(phase) + rng.gauss(0, SWING[quantity] / 10)
    if quantity == "phreatic_depth":
        value -= 4.2 * cross
    if quantity == "rainfall":
        value = max(value, 0.0)
    return round(value, 3)


def series(*, facility, stations, hours: float, step_minutes: int = 5, end: datetime | None = None,
           cross_at_end: bool = False, seed: int = 7) -> Iterator[dict[str, Any]]:
    """Reading dicts (the API's batch items) for every station over the last ``hours``."""
    rng = random.Random(seed)  # noqa: S311  (simulated sensor noise, not a secret)
    end = (end or timezone.now()).replace(second=0, microsecond=0)
    steps = int(hours * 60 // step_minutes)
    for i in range(steps, -1, -1):
        moment = end - timedelta(minutes=i * step_minutes)
        cross = max(0.0, 1 - i / 12) if cross_at_end else 0.0   # the last hour dips below the red limit
        for st in stations:
            yield {"facility": facility.reference, "station": st.code, "quantity": st.quantity,
                   "value": value_at(st.quantity, moment, rng=rng, cross=cross), "unit": st.unit,
                   "measured_at": moment.isoformat()}
