"""Writes to the working-day calendar. Every change resets the in-memory calendar, publishes the new version to
the other processes and sends :data:`~gazette.workcalendar.signals.calendar_changed`, all after commit."""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from . import table
from .models import CalendarOverride, OfficialYear
from .signals import calendar_changed

logger = logging.getLogger(__name__)

CSV_HEADER = ("date", "is_working_day", "name")
TRUE_VALUES = {"1", "true", "yes", "y", "是", "上班", "工作日"}
FALSE_VALUES = {"0", "false", "no", "n", "否", "休息", "休息日", "放假"}
MAX_ROWS = 400


class CalendarFileError(ValueError):
    """A calendar file that cannot be loaded; ``errors`` lists every problem found, in Chinese, with line numbers."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("；".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class CalendarRow:
    """One parsed line of a calendar file."""

    line: int
    date: date
    is_working_day: bool
    name: str


@dataclass(frozen=True)
class YearLoadResult:
    """What loading a year did."""

    year: int
    created: int
    updated: int
    deleted: int
    kept: int


def calendar_changed_notify(*, years: set[int], reason: str, sender: type) -> None:
    """Reset this process's calendar now and, after commit, publish the new version and send ``calendar_changed``."""
    table.reset()

    def _after_commit() -> None:
        table.publish_version()
        for receiver, response in calendar_changed.send_robust(sender=sender, years=set(years), reason=reason):
            if isinstance(response, Exception):
                logger.error(
                    "calendar_changed receiver %r failed", receiver, exc_info=(type(response), response, None)
                )

    transaction.on_commit(_after_commit)


def calendar_file_parse(*, content: bytes | str, year: int) -> list[CalendarRow]:
    """Parse and validate a ``date,is_working_day,name`` CSV for ``year``.

    Raises CalendarFileError listing every error (bad date, bad flag, duplicate, year mismatch) with line numbers.
    """
    if isinstance(content, bytes):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = content.decode("gb18030")
            except UnicodeDecodeError:
                raise CalendarFileError(["文件编码无法识别，请保存为 UTF-8 编码的 CSV 文件。"]) from None
    else:
        text = content.lstrip("\ufeff")
    if not table.FIRST_DATE.year <= year <= table.LAST_DATE.year:
        raise CalendarFileError([f"年份{year}超出日历支持的范围（2004年至2099年）。"])

    reader = csv.reader(io.StringIO(text))
    errors: list[str] = []
    rows: list[CalendarRow] = []
    seen: dict[date, int] = {}
    header_seen = False
    for line_no, record in enumerate(reader, start=1):
        cells = [c.strip() for c in record]
        if not any(cells):
            continue
        if not header_seen:
            header_seen = True
            if tuple(c.lower() for c in cells[:3]) == CSV_HEADER:
                continue
            errors.append(f"第{line_no}行：缺少表头，第一行应为“date,is_working_day,name”。")
            continue
        if len(cells) < 2:
            errors.append(f"第{line_no}行：应至少包含日期和是否工作日两列。")
            continue
        raw_date, raw_flag = cells[0], cells[1]
        name = cells[2] if len(cells) > 2 else ""
        try:
            day = date.fromisoformat(raw_date)
            if len(raw_date) != 10:
                raise ValueError
        except ValueError:
            errors.append(f"第{line_no}行：日期“{raw_date}”无效，应为 YYYY-MM-DD 格式的真实日期。")
            continue
        flag = raw_flag.lower()
        if flag in TRUE_VALUES:
            working = True
        elif flag in FALSE_VALUES:
            working = False
        else:
            errors.append(f"第{line_no}行：是否工作日“{raw_flag}”无效，应为 1（上班）或 0（休息）。")
            continue
        if day.year != year:
            errors.append(f"第{line_no}行：日期{day.isoformat()}不属于{year}年。")
            continue
        if day in seen:
            errors.append(f"第{line_no}行：日期{day.isoformat()}与第{seen[day]}行重复。")
            continue
        if len(name) > 60:
            errors.append(f"第{line_no}行：名称过长（最多60个字）。")
            continue
        seen[day] = line_no
        rows.append(CalendarRow(line_no, day, working, name))
    if not header_seen:
        errors.append("文件为空，没有任何数据。")
    elif not rows and not errors:
        errors.append("文件中没有数据行。")
    if len(rows) > MAX_ROWS:
        errors.append(f"数据行过多（{len(rows)}行），一年的节假日安排不应超过{MAX_ROWS}行。")
    if errors:
        raise CalendarFileError(errors)
    return rows


def official_year_load(
    *, year: int, content: bytes | str, source: str, user: Any = None, replace: bool = False
) -> YearLoadResult:
    """Load a year's official holiday schedule (国务院办公厅节假日安排) from a CSV and record it as official.

    All or nothing: the file is validated completely before anything is written, and the writes share one
    transaction. With ``replace`` the overrides of that year that are not in the file are deleted; otherwise they
    are kept (and counted in ``kept``).
    """
    source = (source or "").strip()
    if not source:
        raise CalendarFileError(["请填写依据文件（如：国务院办公厅关于2027年部分节假日安排的通知）。"])
    rows = calendar_file_parse(content=content, year=year)
    actor = user if getattr(user, "pk", None) else None
    created = updated = 0
    with transaction.atomic():
        existing = {
            o.date: o for o in CalendarOverride.objects.select_for_update().filter(date__year=year).order_by("date")
        }
        for row in rows:
            current = existing.pop(row.date, None)
            if current is None:
                CalendarOverride.objects.create(
                    date=row.date, is_working_day=row.is_working_day, name=row.name, source=source, created_by=actor
                )
                created += 1
            else:
                current.is_working_day = row.is_working_day
                current.name = row.name
                current.source = source
                current.save(update_fields=["is_working_day", "name", "source", "updated_at"])
                updated += 1
        deleted = 0
        if replace and existing:
            deleted, _ = CalendarOverride.objects.filter(pk__in=[o.pk for o in existing.values()]).delete()
        OfficialYear.objects.update_or_create(year=year, defaults={"source": source, "loaded_by": actor})
        calendar_changed_notify(
            years={year}, reason=f"录入{year}年官方节假日安排（{source}）", sender=OfficialYear
        )
    return YearLoadResult(year=year, created=created, updated=updated, deleted=deleted, kept=len(existing) - deleted)


def official_year_delete(*, official_year: OfficialYear) -> None:
    """Withdraw a year's official status: the year is counted provisionally again (unless the package covers it)."""
    year = official_year.year
    with transaction.atomic():
        official_year.delete()
        calendar_changed_notify(years={year}, reason=f"撤销{year}年官方节假日安排", sender=OfficialYear)


def override_save(*, override: CalendarOverride, user: Any = None) -> CalendarOverride:
    """Create or change one override (节假日调整). When its date moves, both years are reported as changed."""
    years = {override.date.year}
    with transaction.atomic():
        if override.pk:
            previous = CalendarOverride.objects.select_for_update().filter(pk=override.pk).first()
            if previous is not None:
                years.add(previous.date.year)
        elif override.created_by_id is None and getattr(user, "pk", None):
            override.created_by = user
        override.full_clean()
        override.save()
        kind = "上班" if override.is_working_day else "休息"
        calendar_changed_notify(
            years=years,
            reason=f"节假日调整：{override.date.isoformat()} {override.name or ''}改为{kind}".replace("  ", " "),
            sender=CalendarOverride,
        )
    return override


def override_delete(*, overrides: list[CalendarOverride]) -> int:
    """Delete overrides; their days fall back to the package or the provisional calendar."""
    if not overrides:
        return 0
    years = {o.date.year for o in overrides}
    dates = "、".join(o.date.isoformat() for o in overrides[:5]) + ("等" if len(overrides) > 5 else "")
    with transaction.atomic():
        deleted, _ = CalendarOverride.objects.filter(pk__in=[o.pk for o in overrides]).delete()
        calendar_changed_notify(years=years, reason=f"删除节假日调整：{dates}", sender=CalendarOverride)
    return deleted
