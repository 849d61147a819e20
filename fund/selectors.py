"""Reads of the fund app: lists scoped by permissions, the ledger balance and reconciliation, the inbox."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from gazette.permissions import visible
from gazette.ui.inbox import InboxEntry

from .choices import INFLOW_KINDS, PAYMENT_KINDS, Direction, LedgerKind
from .models import Application, LedgerEntry
from .workflow import S

ZERO = Decimal("0.00")
INBOX_LIMIT = 100  # entries this app contributes to one user's inbox
_SUM = Coalesce(Sum("amount"), Value(ZERO), output_field=DecimalField(max_digits=14, decimal_places=2))


def application_list(*, user, state: str = "", kind: str = "", q: str = "") -> QuerySet[Application]:
    qs = visible(user, Application).select_related("hospital", "region", "approver_organisation")
    if state:
        qs = qs.filter(state=state)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(Q(reference__icontains=q) | Q(victim_name__icontains=q) | Q(applicant_name__icontains=q))
    return qs.order_by("-created_at")


def application_get(*, user, pk) -> Application:
    from gazette.permissions import get_visible_or_404

    return get_visible_or_404(user, Application, pk=pk)


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


def ledger_reconcile() -> Reconciliation:
    """Every paid application has exactly one payment of its approved amount; inflow − outflow = balance."""
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


def inbox_provider(user) -> Iterable[InboxEntry]:
    """Applications waiting for the user's office to approve or settle a dispute (no statutory clock runs)."""
    org_id = getattr(user, "organisation_id", None)
    if not org_id:
        return []
    qs = Application.objects.filter(
        Q(state=S.AWAITING_APPROVAL, approver_organisation_id=org_id) | Q(state=S.DISPUTED,
                                                                          dispute_organisation_id=org_id)
    ).only("id", "reference", "kind", "state", "created_at").order_by("created_at")[:INBOX_LIMIT]
    return [InboxEntry(title=f"{a.reference} {a.get_kind_display()}", url=a.get_absolute_url(),
                       kind="待审批" if a.state == S.AWAITING_APPROVAL else "争议协调", state=a.state_label,
                       rule_id="FUND-A22" if a.kind == "treatment" else "FUND-A27" if a.kind == "hardship"
                       else "FUND-A30") for a in qs]
