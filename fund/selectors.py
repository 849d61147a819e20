"""Reads of the fund app: lists scoped by permissions, the ledger balance and reconciliation, the inbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from gazette.orgs.models import Organisation
from gazette.orgs.selectors import ORGANISATIONS
from gazette.permissions import visible
from gazette.ui.money import money_format
from gazette.ui.paging import NEWEST_FIRST, KeysetPage, keyset_page

from .choices import INFLOW_KINDS, PAYMENT_KINDS, Direction, LedgerKind
from .choices import ApplicationState as S
from .models import Application, LedgerEntry

ZERO = Decimal("0.00")
_SUM = Coalesce(Sum("amount"), Value(ZERO), output_field=DecimalField(max_digits=14, decimal_places=2))


def _filtered(qs: QuerySet[Application], *, state: str, kind: str, search: Q | None) -> QuerySet[Application]:
    """The list filters: state, kind, and the search of ``?q=`` (``presenters.APPLICATION_TABLE.search_q``: what
    the list shows)."""
    if state:
        qs = qs.filter(state=state)
    if kind:
        qs = qs.filter(kind=kind)
    if search is not None:
        qs = qs.filter(search)
    return qs


def application_list(*, user, state: str = "", kind: str = "", search: Q | None = None) -> QuerySet[Application]:
    qs = visible(user, Application).select_related("hospital", "region", "approver_organisation", "police_unit")
    return _filtered(qs, state=state, kind=kind, search=search).order_by("-created_at")


# The clerks' list shows these columns only: not reading the rule trace and the long texts halves the bytes per page,
# and plain rows instead of three model instances a row (application, hospital, approver) save ~1 ms a page. The
# hospital's and the approver's short names come from the per-process organisations (``ORGANISATIONS``), not from
# two joins (their planning and compiling cost ~0.5 ms a page).
LIST_FIELDS = ("pk", "reference", "kind", "state", "applicant_type", "victim_name", "victim_id_number",
               "post7_amount", "advance_amount", "approval_level", "created_at", "hospital_id",
               "approver_organisation_id")


@dataclass(frozen=True, slots=True)
class ApplicationRow:
    """One row of the clerks' list (what ``fund.checklist`` needs to tell what is missing, and what is shown)."""

    pk: int
    reference: str
    kind: str
    state: str
    applicant_type: str
    victim_name: str
    victim_id_number: str
    post7_amount: Decimal
    advance_amount: Decimal
    approval_level: str
    created_at: datetime
    hospital: str | None
    approver: str | None


def application_page(*, user, state: str = "", kind: str = "", search: Q | None = None, after: str | None = None,
                     before: str | None = None, page: int | None = None, size: int = 50,
                     order: tuple[str, bool] = NEWEST_FIRST) -> KeysetPage:
    """One page of ``application_list``, newest first or by ``order`` (a sortable column's field, descending), by
    the engine's keyset paging (``gazette.ui.paging``): no COUNT, and for an office (whose scope is an OR of a
    jurisdiction and the cases it is named on) a UNION of its scope's branches, each read in index order and cut at
    one page (``permissions.office_scope_branches``, indexes of migration 0006). ``after`` / ``before`` are
    cursors; ``page`` a page number kept for old links."""
    from .permissions import office_scope_branches

    names = {pk: o.short_name for pk, o in ORGANISATIONS.get().items()}

    def names_for(values: list[tuple]) -> None:
        # An organisation created in another process within REFDATA_CHECK_SECONDS is not in this copy yet: the
        # page's missing ones in one query, never one per row.
        missing = {pk for row in values for pk in row[-2:] if pk is not None and pk not in names}
        if missing:
            names.update(Organisation.objects.filter(pk__in=missing).values_list("pk", "short_name"))

    return keyset_page(
        queryset=visible(user, Application), fields=LIST_FIELDS, size=size, after=after, before=before, page=page,
        branches=office_scope_branches(user), narrow=lambda qs: _filtered(qs, state=state, kind=kind, search=search),
        order=order,
        rows_hook=names_for, row=lambda v: ApplicationRow(*v[:-2], names.get(v[-2]), names.get(v[-1])))


# The case page's organisations and accident region, read from the per-process reference data instead of joined: four
# joins of ~12 columns each were half the compile time and most of the planning time of the page's main query.
_REFERENCE_RELATIONS = ("region", "hospital", "approver_organisation", "dispute_organisation", "police_unit")


def _reference_relations_attach(app: Application) -> None:
    from gazette.orgs.selectors import organisation_get, region_get

    for name in _REFERENCE_RELATIONS:
        field = Application._meta.get_field(name)
        pk = getattr(app, field.attname)
        if pk is None:
            continue
        row = region_get(pk) if name == "region" else organisation_get(pk)
        if row is not None:  # not in this process's copy yet: Django reads it on first use
            field.set_cached_value(app, row)


def application_get(*, user, pk, page: bool = False) -> Application:
    """One application the user may see, or 404. The case page shows the accident county, the hospital and the
    offices named on the case, and its recovery (追偿) if there is one: joined here, not read one query each.

    ``page``: for the case page, which only shows them, the region and the organisations come from the per-process
    reference data (``gazette.orgs.selectors``); writes get them joined, read in their transaction."""
    from django.core.exceptions import ObjectDoesNotExist, ValidationError
    from django.http import Http404

    related = ("recovery",) if page else ("recovery", *_REFERENCE_RELATIONS)
    try:
        app = visible(user, Application).select_related(*related).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    if page:
        _reference_relations_attach(app)
    return app


@dataclass(frozen=True)
class Reconciliation:
    inflow: Decimal
    outflow: Decimal
    balance: Decimal
    by_kind: dict[str, Decimal]
    paid_applications: int
    payments: int
    paid_total_cases: Decimal
    paid_total_ledger: Decimal
    unmatched: list[str]

    @property
    def ok(self) -> bool:
        return not self.unmatched and self.paid_total_cases == self.paid_total_ledger \
            and self.balance == self.inflow - self.outflow


def ledger_balance(*, until: date | None = None) -> Decimal:
    qs = LedgerEntry.objects.all()
    if until:
        qs = qs.filter(occurred_on__lte=until)
    inflow = qs.filter(direction=Direction.IN).aggregate(s=_SUM)["s"]
    outflow = qs.filter(direction=Direction.OUT).aggregate(s=_SUM)["s"]
    return inflow - outflow


def ledger_spending(*, year: int) -> Decimal:
    return LedgerEntry.objects.filter(direction=Direction.OUT, occurred_on__year=year).aggregate(s=_SUM)["s"]


def _recoveries_unmatched() -> list[str]:
    """Recovery income against the recoveries (第三十八条): each recovery's booked repayments equal what it records
    as recovered, and never exceed what is owed (the amount due, or the advance when none is determined yet); no
    recovery income is booked without its recovery. One query for all recoveries, one for the orphans."""
    from .models import Recovery

    booked = Coalesce(Sum("ledger_entries__amount", filter=Q(ledger_entries__kind=LedgerKind.RECOVERY)),
                      Value(ZERO), output_field=DecimalField(max_digits=14, decimal_places=2))
    rows = (Recovery.objects.annotate(booked=booked)
            .filter(~Q(booked=F("amount_recovered"))
                    | Q(amount_due__gt=0, amount_recovered__gt=F("amount_due"))
                    | Q(amount_due=0, amount_recovered__gt=F("advanced")))
            .values_list("reference", "booked", "amount_recovered", "amount_due", "advanced"))
    unmatched = []
    for reference, booked_sum, recovered, due, advanced in rows:
        owed = due if due > 0 else advanced
        if booked_sum != recovered:
            unmatched.append(f"{reference}（入账追偿款{money_format(booked_sum)}元与已追回{money_format(recovered)}元不符）")
        if recovered > owed:
            unmatched.append(f"{reference}（已追回{money_format(recovered)}元超过应追偿{money_format(owed)}元）")
    orphans = LedgerEntry.objects.filter(kind=LedgerKind.RECOVERY, recovery__isnull=True)
    unmatched += [f"{ref or '—'}（追偿资金未对应追偿事项）" for ref in orphans.values_list("source_ref", flat=True)]
    return unmatched


def ledger_reconcile() -> Reconciliation:
    """Every paid application has exactly one payment of its approved amount; every recovery's booked repayments
    match it and stay within what is owed; inflow − outflow = balance."""
    rows = LedgerEntry.objects.values("kind").annotate(s=_SUM)
    by_kind = {r["kind"]: r["s"] for r in rows}
    inflow = sum((v for k, v in by_kind.items() if k in INFLOW_KINDS), ZERO)
    outflow = sum((v for k, v in by_kind.items() if k in PAYMENT_KINDS), ZERO)
    paid = Application.objects.filter(state=S.PAID).annotate(
        n=Count("ledger_entries", filter=Q(ledger_entries__direction=Direction.OUT)),
        paid=Coalesce(Sum("ledger_entries__amount", filter=Q(ledger_entries__direction=Direction.OUT)),
                      Value(ZERO), output_field=DecimalField(max_digits=14, decimal_places=2)),
    )
    unmatched = [a.reference for a in paid if a.n != 1 or a.paid != a.advance_amount]
    orphan = LedgerEntry.objects.filter(direction=Direction.OUT).exclude(application__state=S.PAID)
    unmatched += [f"{e.source_ref}（未划拨状态的支出）" for e in orphan]
    unmatched += _recoveries_unmatched()
    paid_total_cases = paid.aggregate(s=Coalesce(Sum("advance_amount"), Value(ZERO)))["s"]
    return Reconciliation(inflow=inflow, outflow=outflow, balance=ledger_balance(), by_kind=by_kind,
                          paid_applications=paid.count(),
                          payments=LedgerEntry.objects.filter(direction=Direction.OUT).count(),
                          paid_total_cases=paid_total_cases, paid_total_ledger=outflow, unmatched=unmatched)


def levy_suspension_check(*, year: int):
    """FUND-A15 for ``year``: balance at the end of the previous year against that year's spending."""
    from gazette.rules.services import rules_evaluate

    balance = ledger_balance(until=date(year - 1, 12, 31))
    spending = ledger_spending(year=year - 1)
    return rules_evaluate(["FUND-A15"], {"balance": balance, "previous_year_spending": spending},
                          on=date(year, 1, 1))[0]


def ledger_list() -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.select_related("application").order_by("-occurred_on", "-id")


LEDGER_KIND_LABELS = dict(LedgerKind.choices)


def recovery_list(*, user, state: str = "") -> QuerySet:
    """The recoveries the user may see (trustee: only its own), newest payment first."""
    from .models import Recovery

    qs = visible(user, Recovery).select_related("application", "organisation", "insurer")
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-paid_at")


def recovery_get(*, user, pk):
    from gazette.permissions import get_visible_or_404

    from .models import Recovery

    return get_visible_or_404(user, Recovery, pk=pk)


def report_period(report) -> tuple[date, date, str]:
    """First day, last day and label of a report's period ("2026Q3" or "2025")."""
    if "Q" in report.period:
        year, quarter = (int(x) for x in report.period.split("Q"))
        start = date(year, 3 * quarter - 2, 1)
        end = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1) - timedelta(days=1)
        return start, end, f"{year}年第{quarter}季度"
    year = int(report.period)
    return date(year, 1, 1), date(year, 12, 31), f"{year}年度"


def _money(value) -> str:
    return money_format(value or ZERO)


def report_figures(report) -> dict:
    """The figures of a quarterly or annual report (第四十二条), all from the ledger and the case tables, as JSON:
    opening and closing balance, inflows by source, outflows by kind, recoveries, write-offs, applications."""
    from .choices import ApplicationKind, RecoveryState, WriteOffState
    from .models import Recovery, WriteOff

    start, end, label = report_period(report)
    period = LedgerEntry.objects.filter(occurred_on__gte=start, occurred_on__lte=end)
    rows = period.values("kind", "direction").annotate(n=Count("id"), s=_SUM).order_by("kind")
    inflows = [{"label": str(LEDGER_KIND_LABELS[r["kind"]]), "count": r["n"], "amount": _money(r["s"])}
               for r in rows if r["direction"] == Direction.IN]
    outflows = [{"label": str(LEDGER_KIND_LABELS[r["kind"]]), "count": r["n"], "amount": _money(r["s"])}
                for r in rows if r["direction"] == Direction.OUT]
    inflow = period.filter(direction=Direction.IN).aggregate(s=_SUM)["s"]
    outflow = period.filter(direction=Direction.OUT).aggregate(s=_SUM)["s"]
    opening = ledger_balance(until=start - timedelta(days=1))
    recovered = period.filter(kind=LedgerKind.RECOVERY)
    open_recoveries = Recovery.objects.filter(state__in=[RecoveryState.OPEN, RecoveryState.WITH_TRUSTEE,
                                                         RecoveryState.WRITE_OFF_PENDING], paid_at__date__lte=end)
    written = WriteOff.objects.filter(state=WriteOffState.APPROVED, decided_at__date__gte=start,
                                      decided_at__date__lte=end).select_related("recovery")
    apps = Application.objects.filter(created_at__date__gte=start, created_at__date__lte=end)
    applications = []
    for kind, kind_label in ApplicationKind.choices:
        of_kind = apps.filter(kind=kind)
        applications.append({"label": str(kind_label), "received": of_kind.count(),
                             "paid": of_kind.filter(state=S.PAID).count(),
                             "refused": of_kind.filter(state=S.REFUSED).count()})
    return {
        "period_label": label, "start": start.isoformat(), "end": end.isoformat(),
        "opening": _money(opening), "inflow": _money(inflow), "outflow": _money(outflow),
        "closing": _money(opening + inflow - outflow), "inflows": inflows, "outflows": outflows,
        "recovered_count": recovered.count(), "recovered": _money(recovered.aggregate(s=_SUM)["s"]),
        "open_recoveries": open_recoveries.count(),
        "outstanding": _money(sum((r.outstanding for r in open_recoveries), ZERO)),
        "written_off_count": written.count(),
        "written_off": _money(sum((w.recovery.outstanding for w in written), ZERO)),
        "applications": applications,
    }


@dataclass(frozen=True)
class PublicFigures:
    """第四十一条第四项: raising, use, recovery and balance — totals only, never a person."""

    raised: Decimal
    used: Decimal
    recovered: Decimal
    balance: Decimal
    paid_count: int
    as_of: date


def public_figures() -> PublicFigures:
    entries = LedgerEntry.objects.all()
    recovered = entries.filter(kind=LedgerKind.RECOVERY).aggregate(s=_SUM)["s"]
    raised = entries.filter(direction=Direction.IN).exclude(kind=LedgerKind.RECOVERY).aggregate(s=_SUM)["s"]
    used = entries.filter(direction=Direction.OUT).aggregate(s=_SUM)["s"]
    from django.utils import timezone

    return PublicFigures(raised=raised, used=used, recovered=recovered, balance=raised + recovered - used,
                         paid_count=entries.filter(direction=Direction.OUT).count(), as_of=timezone.localdate())


@dataclass(frozen=True)
class DutyRow:
    obj: object
    label: str
    period: str
    organisation: str
    due_at: object
    done_at: object
    rule_id: str
    documents: list


def duties_list(*, limit: int = 12) -> tuple[list[DutyRow], list[DutyRow]]:
    """The latest reports (第四十二条, 第四十四条) and duties owed to the fund (第十五条, 第十六条) with their due
    times and issued PDFs, for the ledger page: a fixed number of queries whatever the number of rows."""
    from django.contrib.contenttypes.models import ContentType

    from gazette.deadlines.models import Deadline
    from gazette.documents.models import GeneratedDocument

    from .models import FundObligation, FundReport

    reports = list(FundReport.objects.select_related("organisation").order_by("-period", "kind")[:limit])
    obligations = list(FundObligation.objects.select_related("organisation").order_by("-period", "kind")[:limit])

    def clocks(rows):
        if not rows:
            return {}
        ct = ContentType.objects.get_for_model(rows[0])
        found = {}
        for d in Deadline.objects.filter(content_type=ct, object_id__in=[r.pk for r in rows]).order_by("started_at"):
            found.setdefault(d.object_id, d)
        return found

    report_docs: dict[str, list] = {}
    if reports:
        ct = ContentType.objects.get_for_model(FundReport)
        for doc in GeneratedDocument.objects.filter(content_type=ct, object_id__in=[str(r.pk) for r in reports],
                                                    superseded_by__isnull=True):
            report_docs.setdefault(doc.object_id, []).append(doc)
    report_clocks, obligation_clocks = clocks(reports), clocks(obligations)
    return (
        [DutyRow(r, str(r.get_kind_display()), r.period, r.organisation.name,
                 getattr(report_clocks.get(r.pk), "due_at", None), r.submitted_at,
                 getattr(report_clocks.get(r.pk), "rule_id", ""), report_docs.get(str(r.pk), [])) for r in reports],
        [DutyRow(o, str(o.get_kind_display()), o.period, o.organisation.name,
                 getattr(obligation_clocks.get(o.pk), "due_at", None), o.fulfilled_at,
                 getattr(obligation_clocks.get(o.pk), "rule_id", ""), []) for o in obligations],
    )
