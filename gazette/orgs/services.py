"""Writes for regions and organisations."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from .models import Region

REGIONS_CSV = Path(__file__).resolve().parent / "data" / "shanxi-regions.csv"


@transaction.atomic
def regions_load(*, path: Path = REGIONS_CSV, region_model: type[Region] | None = None) -> int:
    """Create or update the region tree from the verified GB/T 2260 CSV (parents before children).

    Idempotent: running it twice changes nothing. Returns the number of rows read.
    """
    model = region_model or Region
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    order = {"province": 0, "city": 1, "county": 2, "township": 3}
    rows.sort(key=lambda r: (order[r["level"]], r["code"]))
    paths: dict[str, str] = {}
    for row in rows:
        parent_code = row["parent"] or None
        path_value = (paths[parent_code] if parent_code else "") + f"{row['code']}/"
        paths[row["code"]] = path_value
        model.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "level": row["level"],
                "parent_id": parent_code,
                "path": path_value,
                "longitude": Decimal(row["longitude"]) if row["longitude"] else None,
                "latitude": Decimal(row["latitude"]) if row["latitude"] else None,
            },
        )
    return len(rows)
