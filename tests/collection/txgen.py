"""Generator of account-transaction files for the COLL-A22 detectors: background traffic that must stay silent,
and optionally one planted case per pattern. Deterministic for a seed. Used by the tests and bench/."""

from __future__ import annotations

import csv
import io
import random
from datetime import datetime, timedelta
from decimal import Decimal

HEADER = ["流水号", "账号", "户名", "账户类型", "交易时间", "方向", "金额", "对方账号", "对方户名", "摘要"]
START = datetime(2026, 8, 3, 8, 0)
DAYS = 90
PLANTED = {
    "p1": ("6200000000000001", "太原聚财商贸有限公司", "单位"),
    "p2": ("6200000000000002", "山西恒利投资咨询有限公司", "单位"),
    "p3": ("6200000000000003", "小店区某某养生馆", "单位"),
    "p4": ("6200000000000004", "张某某", "个人"),
    "p5": ("6200000000000005", "李某某", "个人"),
}
RULES = {"p1": "COLL-A22-1", "p2": "COLL-A22-2", "p3": "COLL-A22-3", "p4": "COLL-A22-4", "p5": "COLL-A22-5"}


def _row(n, account, holder, kind, at, direction, amount, cp, cp_name, memo):
    return [f"T{n:08d}", account, holder, kind, at.strftime("%Y-%m-%d %H:%M:%S"), direction, f"{Decimal(amount):.2f}",
            cp, cp_name, memo]


def _planted(counter) -> list[list[str]]:
    rows = []

    def add(key, at, direction, amount, cp, memo="转账"):
        account, holder, kind = PLANTED[key]
        rows.append(_row(next(counter), account, holder, kind, at, direction, amount, cp, f"对方{cp[-4:]}", memo))

    base = START + timedelta(days=40)  # (一) 25 sources in three days, then one concentrated outflow
    for i in range(25):
        add("p1", base + timedelta(hours=i * 3), "入", "20000", f"62110000{i:08d}")
    add("p1", base + timedelta(days=3), "出", "480000", "6222999900000001")
    for month in (20, 50, 80):  # (二) the same twelve payees on three dates: interest-like batches
        for i in range(12):
            add("p2", START + timedelta(days=month, minutes=i), "出", "1500", f"62120000{i:08d}", "收益发放")
    for d in range(0, 60, 10):  # (三) a quiet account …
        add("p3", START + timedelta(days=d), "入" if d % 20 else "出", "500", "6213000000000001", "货款")
    for i in range(3):  # … that suddenly moves millions
        add("p3", START + timedelta(days=75 + i), "入", "500000", f"62130000{i + 10:08d}", "货款")
    for i in range(2):
        add("p3", START + timedelta(days=80 + i), "出", "700000", f"62130000{i + 20:08d}", "货款")
    for i in range(35):  # (四) a person receiving 35 remittances in five days
        add("p4", START + timedelta(days=30, hours=i * 3), "入", "3000", f"62140000{i:08d}")
    for d in range(1, 60, 6):  # (五) a small personal account …
        add("p5", START + timedelta(days=d), "出", "200", "6215000000000001", "消费")
    add("p5", START + timedelta(days=45, hours=2), "入", "300000", "6215000000000002")  # … passing on 300,000
    add("p5", START + timedelta(days=45, hours=12), "出", "150000", "6215000000000003")
    add("p5", START + timedelta(days=46, hours=1), "出", "150000", "6215000000000004")
    return rows


def generate(rows: int = 100_000, *, planted: bool = True, bad_rows: int = 0, seed: int = 26) -> bytes:
    """A CSV (UTF-8 with BOM) of ``rows`` data rows: background traffic, the planted cases, ``bad_rows`` broken."""
    rnd = random.Random(seed)
    counter = iter(range(1, 10**9))
    body = _planted(counter) if planted else []
    accounts = max(rows // 50, 10)
    merchants = [f"6300{i:012d}" for i in range(5000)]
    memos = ["消费", "工资", "转账", "货款", "水电费", "房租"]
    while len(body) < rows - bad_rows:
        a = rnd.randrange(accounts)
        kind = "个人" if a % 2 else "单位"
        at = START + timedelta(seconds=rnd.randrange(DAYS * 86400))
        body.append(_row(next(counter), f"6100{a:012d}", f"账户{a}", kind, at, rnd.choice("入出"),
                         f"{rnd.randint(1000, 300000) / 100:.2f}", rnd.choice(merchants), "商户", rnd.choice(memos)))
    for i in range(bad_rows):
        broken = _row(next(counter), "6100000000000001", "账户1", "单位", START, "入", "10", "6300000000000001",
                      "商户", "货款")
        broken[[6, 5, 4][i % 3]] = ["abc", "进", "2026-13-45"][i % 3]
        body.append(broken)
    rnd.shuffle(body)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(body)
    return out.getvalue().encode("utf-8-sig")
