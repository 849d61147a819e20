"""Monitoring (第四章): the COLL-A19 name and business-scope screen over registration lists, and the five
COLL-A22 suspicious-flow detectors over account transactions. Parsing reports per-row errors and keeps the good
rows; each detector measures an account and hands the figures to its rule, which decides and explains."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from statistics import median
from typing import Any

from gazette.documents.tables import FileFormatError, read_table  # noqa: F401  (re-exported)
from gazette.rules.registry import rule_get

TXN_COLUMNS = ("流水号", "账号", "户名", "账户类型", "交易时间", "方向", "金额", "对方账号", "对方户名", "摘要")
REG_COLUMNS = ("名称", "统一社会信用代码", "经营范围")
HOLDER_KINDS = {"个人": "individual", "单位": "unit"}
DIRECTIONS = {"入": "in", "出": "out"}
MAX_ROW_ERRORS = 1000


@dataclass(frozen=True, slots=True)
class Txn:
    row: int
    txn_id: str
    account: str
    holder: str
    kind: str
    at: datetime
    direction: str
    amount: Decimal
    counterparty: str
    counterparty_name: str
    memo: str


def check_columns(first: dict[str, str] | None, required: Iterable[str]) -> None:
    if first is None:
        raise FileFormatError("文件没有数据行。")
    missing = [c for c in required if c not in first]
    if missing:
        raise FileFormatError(f"缺少列：{'、'.join(missing)}。应有列：{'、'.join(required)}。")


def parse_txn(row_number: int, row: dict[str, str]) -> Txn:
    """One transaction row, or ValueError with the reasons in Chinese."""
    problems = []
    account = row.get("账号", "").strip()
    if not account:
        problems.append("账号为空")
    kind = HOLDER_KINDS.get(row.get("账户类型", "").strip())
    if kind is None:
        problems.append("账户类型应为“个人”或“单位”")
    direction = DIRECTIONS.get(row.get("方向", "").strip())
    if direction is None:
        problems.append("方向应为“入”或“出”")
    at = None
    raw_at = row.get("交易时间", "").strip()
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S"):
        try:
            at = datetime.strptime(raw_at, fmt)
            break
        except ValueError:
            continue
    if at is None:
        problems.append(f"交易时间“{raw_at}”格式不正确")
    amount = None
    try:
        amount = Decimal(row.get("金额", "").replace(",", "").strip())
        if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
            problems.append("金额应为大于0、最多两位小数的数字")
    except InvalidOperation:
        problems.append(f"金额“{row.get('金额', '')}”不是数字")
    if problems:
        raise ValueError("；".join(problems))
    return Txn(
        row_number,
        row.get("流水号", ""),
        account,
        row.get("户名", ""),
        kind,
        at,
        direction,
        amount,
        row.get("对方账号", "").strip(),
        row.get("对方户名", ""),
        row.get("摘要", ""),
    )


# --- Detectors ------------------------------------------------------------------------------------------------
@dataclass
class Hit:
    rule_id: str
    pattern: str
    subject_name: str
    account: str
    message: str
    figures: dict[str, Any]
    rows: list[dict[str, Any]]


def _evidence(txns: list[Txn], limit: int = 50) -> list[dict[str, Any]]:
    return [
        {
            "row": t.row,
            "txn_id": t.txn_id,
            "at": t.at.isoformat(sep=" "),
            "direction": t.direction,
            "amount": f"{t.amount:.2f}",
            "counterparty": t.counterparty,
            "memo": t.memo,
        }
        for t in txns[:limit]
    ]


def _hit(rule_id: str, pattern: str, acct: list[Txn], facts: dict[str, Any], involved: list[Txn]) -> Hit | None:
    result = rule_get(rule_id)(**facts)
    if not result.failed:
        return None
    from gazette.rules.registry import jsonable

    # The account type (个人/单位) goes with every hit: a personal account's holder is an individual (第三十三条).
    figures = {"holder_kind": acct[0].kind, **jsonable(result.figures)}
    return Hit(rule_id, pattern, acct[0].holder, acct[0].account, result.message, figures, _evidence(involved))


def _windows(txns: list[Txn], days: int) -> Iterator[tuple[int, int]]:
    """Sliding windows [i, j) of at most ``days`` days starting at each inbound transaction."""
    span = timedelta(days=days)
    j = 0
    for i, t in enumerate(txns):
        j = max(j, i)
        while j < len(txns) and txns[j].at - t.at <= span:
            j += 1
        yield i, j


def detect_p1(acct: list[Txn], th) -> Hit | None:
    best = None
    for i, j in _windows(acct, th.p1_window_days):
        window = acct[i:j]
        ins = [t for t in window if t.direction == "in"]
        if len({t.counterparty for t in ins}) < th.p1_min_sources:
            continue
        outs = [t for t in window if t.direction == "out"]
        facts = {
            "inbound_count": len(ins),
            "inbound_sources": len({t.counterparty for t in ins}),
            "inbound_total": sum((t.amount for t in ins), Decimal("0")),
            "outbound_total": sum((t.amount for t in outs), Decimal("0")),
            "outbound_targets": len({t.counterparty for t in outs}),
            "window_days": th.p1_window_days,
            "min_sources": th.p1_min_sources,
            "min_total": th.p1_min_total,
            "min_out_ratio": th.p1_min_out_ratio,
            "max_targets": th.p1_max_targets,
        }
        best = _hit("COLL-A22-1", "p1", acct, facts, window)
        if best:
            return best
    return None


def _words(text: str) -> list[str]:
    return [w.strip() for w in (text or "").replace("，", ",").split(",") if w.strip()]


def _memo_share(txns: list[Txn], words_text: str) -> Decimal:
    """Share of ``txns`` whose memo contains one of the comma-separated words (4 decimals)."""
    words = _words(words_text)
    if not txns or not words:
        return Decimal("0")
    hits = sum(1 for t in txns if any(w in t.memo for w in words))
    return (Decimal(hits) / Decimal(len(txns))).quantize(Decimal("0.0001"))


def detect_p2(acct: list[Txn], th) -> Hit | None:
    by_day: dict[Any, set[str]] = defaultdict(set)
    rows_by_day: dict[Any, list[Txn]] = defaultdict(list)
    for t in acct:
        if t.direction == "out":
            by_day[t.at.date()].add(t.counterparty)
            rows_by_day[t.at.date()].append(t)
    batches = {d: payees for d, payees in by_day.items() if len(payees) >= th.p2_min_payees}
    if len(batches) < th.p2_min_batch_days:
        return None
    counts: dict[str, int] = defaultdict(int)
    for payees in batches.values():
        for p in payees:
            counts[p] += 1
    share = Decimal(sum(1 for c in counts.values() if c > 1)) / Decimal(len(counts))
    involved = [t for d in sorted(batches) for t in rows_by_day[d]]
    facts = {
        "batch_days": len(batches),
        "payees_per_batch": min(len(p) for p in batches.values()),
        "recurring_share": share.quantize(Decimal("0.0001")),
        "min_batch_days": th.p2_min_batch_days,
        "min_payees": th.p2_min_payees,
        "min_recurring_share": th.p2_min_recurring_share,
        "payroll_share": _memo_share(involved, th.p2_payroll_words),
        "interest_share": _memo_share(involved, th.p2_interest_words),
        "max_payroll_share": th.p2_max_payroll_share,
    }
    return _hit("COLL-A22-2", "p2", acct, facts, involved)


def detect_p3(acct: list[Txn], th, end: datetime) -> Hit | None:
    cut = end - timedelta(days=th.p3_recent_days)
    before = [t for t in acct if t.at < cut]
    recent = [t for t in acct if t.at >= cut]
    if not recent or not before:
        return None
    span_days = max((cut - before[0].at).days, 30)
    baseline = sum((t.amount for t in before), Decimal("0")) * 30 / span_days
    facts = {
        "baseline_monthly": baseline.quantize(Decimal("0.01")),
        "recent_total": sum((t.amount for t in recent), Decimal("0")),
        "recent_days": th.p3_recent_days,
        "max_baseline_monthly": th.p3_max_baseline_monthly,
        "min_recent_total": th.p3_min_recent_total,
    }
    return _hit("COLL-A22-3", "p3", acct, facts, recent)


def detect_p4(acct: list[Txn], th) -> Hit | None:
    words = [w.strip() for w in th.p4_unrelated_words.split(",") if w.strip()]
    kind = acct[0].kind
    for i, j in _windows(acct, th.p4_window_days):
        ins = [t for t in acct[i:j] if t.direction == "in"]
        if len(ins) < min(th.p4_min_person_sources, th.p4_min_unit_unrelated):
            continue
        unrelated = [t for t in ins if any(w in t.memo for w in words)]
        facts = {
            "holder_kind": kind,
            "inbound_count": len(ins),
            "inbound_sources": len({t.counterparty for t in ins}),
            "unrelated_count": len(unrelated),
            "window_days": th.p4_window_days,
            "min_person_count": th.p4_min_person_sources,
            "min_unit_unrelated": th.p4_min_unit_unrelated,
        }
        hit = _hit("COLL-A22-4", "p4", acct, facts, unrelated if kind == "unit" else ins)
        if hit:
            return hit
    return None


def detect_p5(acct: list[Txn], th) -> Hit | None:
    if acct[0].kind != "individual":
        return None
    usual = Decimal(str(median([t.amount for t in acct])))
    limit = timedelta(hours=th.p5_max_hours)
    for i, t in enumerate(acct):
        if t.direction != "in" or t.amount < th.p5_min_inbound:
            continue
        outs = [o for o in acct[i + 1 :] if o.direction == "out" and o.at - t.at <= limit]
        if not outs:
            continue
        passed_on = sum((o.amount for o in outs), Decimal("0"))
        hours = int((outs[-1].at - t.at).total_seconds() // 3600)
        facts = {
            "usual_amount": usual,
            "inbound": t.amount,
            "passed_on": passed_on,
            "hours": hours,
            "max_usual_amount": th.p5_max_usual_amount,
            "min_inbound": th.p5_min_inbound,
            "min_pass_ratio": th.p5_min_pass_ratio,
            "max_hours": th.p5_max_hours,
        }
        hit = _hit("COLL-A22-5", "p5", acct, facts, [t, *outs])
        if hit:
            return hit
    return None


def detect_all(txns: Iterable[Txn], th) -> list[Hit]:
    """Run the five detectors over every account; at most one hit per account and pattern."""
    accounts: dict[str, list[Txn]] = defaultdict(list)
    end = None
    for t in txns:
        accounts[t.account].append(t)
        end = t.at if end is None or t.at > end else end
    hits: list[Hit] = []
    for acct in accounts.values():
        acct.sort(key=lambda t: (t.at, t.row))
        for hit in (
            detect_p1(acct, th),
            detect_p2(acct, th),
            detect_p3(acct, th, end),
            detect_p4(acct, th),
            detect_p5(acct, th),
        ):
            if hit:
                hits.append(hit)
    return hits


def screen_registrations(rows: Iterable[tuple[int, dict[str, str]]], forbidden, watch) -> tuple[list[Hit], list, int]:
    """COLL-A19 over a registration list: hits, row errors and the number of good rows."""
    spec = rule_get("COLL-A19")
    hits, errors, good = [], [], 0
    for number, row in rows:
        name = row.get("名称", "").strip()
        if not name:
            errors.append({"row": number, "errors": "名称为空"})
            continue
        good += 1
        result = spec(name=name, scope=row.get("经营范围", ""), forbidden_words=forbidden, watch_words=watch)
        if result.failed or result.figures.get("watch"):
            pattern = "forbidden" if result.failed else "watch"
            hits.append(
                Hit(
                    "COLL-A19",
                    pattern,
                    name,
                    row.get("统一社会信用代码", ""),
                    result.message,
                    dict(result.figures),
                    [{"row": number, **row}],
                )
            )
    return hits, errors, good
