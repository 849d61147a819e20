"""Reads of the credit app. ``scoring_facts`` reads what scoring needs for any number of ratings in a handful of
grouped queries (never one per firm): the sum of indicator points, the sheet's indicator count, good and bad points
and veto items from the records, the firm's last market activity."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from gazette.permissions import visible
from gazette.workcalendar.periods import is_working_day

from . import choices as ch
from .models import CreditCycle, CreditRecord, Indicator, Rating, ScoreEntry, ScoreSheet

ZERO = Decimal("0.00")


@dataclass
class ScoringFacts:
    rating_id: int
    kind: str
    objective: Decimal = ZERO
    good: Decimal = ZERO
    bad: Decimal = ZERO
    unscored: int = 0
    veto_items: list[str] = field(default_factory=list)
    last_activity_on: date | None = None
    notice_date: date | None = None

    def as_facts(self) -> dict:
        return {"objective": self.objective, "good": self.good, "bad": self.bad, "unscored": self.unscored,
                "over_max": [], "veto_items": self.veto_items, "last_activity_on": self.last_activity_on,
                "notice_date": self.notice_date, "kind": self.kind}


def record_window_start(cycle: CreditCycle) -> date:
    """The records a cycle counts: from 1 January of the rated year (上年度, CRED-A7(二)) on, including those
    entered after the notice date (they re-rate the grade, CRED-A14)."""
    return date(cycle.year - 1, 1, 1)


def scoring_facts(ratings: QuerySet[Rating]) -> dict[int, ScoringFacts]:
    """Scoring facts of every rating in ``ratings`` (one cycle or several): five grouped queries in all."""
    rows = list(ratings.values_list("id", "kind", "sheet_id", "enterprise_id", "enterprise__last_activity_on",
                                    "cycle__notice_date", "cycle__year"))
    if not rows:
        return {}
    ids = [r[0] for r in rows]
    sheet_ids = {r[2] for r in rows if r[2]}
    indicator_counts = dict(Indicator.objects.filter(sheet_id__in=sheet_ids).values("sheet_id")
                            .annotate(n=Count("id")).values_list("sheet_id", "n"))
    entries = {r: (total or ZERO, n) for r, total, n in ScoreEntry.objects.filter(rating_id__in=ids)
               .values("rating_id").annotate(total=Sum("points"), n=Count("id"))
               .values_list("rating_id", "total", "n")}
    # Records of each (firm, year window): grouped by firm and polarity; the window is per cycle year.
    years = {r[6] for r in rows}
    enterprise_ids = {r[3] for r in rows}
    sums: dict[tuple[int, int, str], Decimal] = {}
    vetoes: dict[tuple[int, int], list[str]] = defaultdict(list)
    labels = dict(ch.RecordCategory.choices)
    for year in years:
        window = Q(occurred_on__gte=date(year - 1, 1, 1))
        base = CreditRecord.objects.filter(window, enterprise_id__in=enterprise_ids, repaired_on__isnull=True)
        for ent, polarity, total in (base.values("enterprise_id", "polarity").annotate(total=Sum("points"))
                                     .values_list("enterprise_id", "polarity", "total")):
            sums[(ent, year, polarity)] = total or ZERO
        for ent, category, title in base.filter(veto=True).values_list("enterprise_id", "category", "title"):
            vetoes[(ent, year)].append(f"{title}（{str(labels.get(category, category)).split('（')[0]}）")
    out = {}
    for rid, kind, sheet_id, ent, last_activity, notice_date, year in rows:
        total, n = entries.get(rid, (ZERO, 0))
        out[rid] = ScoringFacts(
            rating_id=rid, kind=kind, objective=total, good=sums.get((ent, year, "good"), ZERO),
            bad=sums.get((ent, year, "bad"), ZERO), unscored=max(indicator_counts.get(sheet_id, 0) - n, 0),
            veto_items=vetoes.get((ent, year), []), last_activity_on=last_activity, notice_date=notice_date)
    return out


def sheet_for(*, kind: str, on: date) -> ScoreSheet | None:
    """The score sheet of ``kind`` in effect on ``on``: the latest effective version."""
    return (ScoreSheet.objects.filter(kind=kind, effective_from__lte=on)
            .order_by("-effective_from", "-version").first())


def window_rest_days(cycle: CreditCycle) -> list[date]:
    """The rest days (weekends and holidays, make-up working days excepted) inside the submission window: the
    administrator is warned when "2月中旬" falls in the Spring Festival holiday (CRED-A9(一))."""
    from datetime import timedelta

    days, day = [], cycle.submission_opens
    while day <= cycle.submission_closes:
        if not is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def window_warning(cycle: CreditCycle) -> str:
    rest = window_rest_days(cycle)
    if not rest:
        return ""
    total = (cycle.submission_closes - cycle.submission_opens).days + 1
    return (f"报送期{cycle.submission_opens:%Y-%m-%d}至{cycle.submission_closes:%Y-%m-%d}共{total}天，"
            f"其中{len(rest)}天为"
            f"休息日或法定节假日（{'、'.join(d.strftime('%m-%d') for d in rest)}），请确认报送期安排（第九条第一项）。")


def ratings_visible(user) -> QuerySet[Rating]:
    return visible(user, Rating)


def final_grades(*, year: int | None = None) -> QuerySet[Rating]:
    """The published final grades (CRED-A9(四)) for the public list."""
    qs = Rating.objects.filter(state=ch.RatingState.FINAL)
    if year:
        qs = qs.filter(cycle__year=year)
    return qs


def current_grade(enterprise) -> Rating | None:
    """The grade that stands: the latest final rating (a grade stands until the next final grade, a re-rating or a
    repair)."""
    return (Rating.objects.filter(enterprise=enterprise, state=ch.RatingState.FINAL)
            .select_related("cycle").order_by("-cycle__year").first())


def grade_in_year(enterprise, year: int) -> str:
    rating = Rating.objects.filter(enterprise=enterprise, state=ch.RatingState.FINAL, cycle__year=year).first()
    return rating.grade if rating else ""


def sheet_indicators(sheet: ScoreSheet | None) -> list[Indicator]:
    return list(sheet.indicators.all()) if sheet else []


def rating_scores(rating: Rating) -> dict[int, Decimal]:
    return dict(rating.scores.values_list("indicator_id", "points"))


def ratings_for_ids(ids: Iterable[int]) -> QuerySet[Rating]:
    return Rating.objects.filter(pk__in=list(ids))


def star_quota_warnings(qs: QuerySet) -> list[str]:
    """159号第八条 guides, shown as warnings and never as blocks: ★–★★ about 50 % of a county's applications,
    ★★★–★★★★ at least 80 % of the projects in city evaluation."""
    from .models import StarApplication  # noqa: F401

    rows = list(qs.values_list("county_department_id", "city_department_id", "stars", "city_score", "state"))
    warnings = []
    by_county: dict[int, list] = defaultdict(list)
    by_city: dict[int, list] = defaultdict(list)
    for county, city, stars, city_score, _state in rows:
        by_county[county].append(stars)
        if city_score is not None:
            by_city[city].append(stars)
    for stars in by_county.values():
        low = sum(1 for s in stars if s in (1, 2))
        if len(stars) >= 4 and abs(low / len(stars) - 0.5) > 0.2:
            warnings.append(f"一星级、二星级项目占县级申报项目的{low * 100 // len(stars)}%，指导比例为50%左右"
                            f"（159号第八条第二项，仅作提示）。")
    for stars in by_city.values():
        mid = sum(1 for s in stars if s in (3, 4))
        if len(stars) >= 4 and mid / len(stars) < 0.8:
            warnings.append(f"三星级、四星级项目占参加市级评价项目的{mid * 100 // len(stars)}%，指导比例为不少于80%"
                            f"（159号第八条第三项，仅作提示）。")
    return warnings
