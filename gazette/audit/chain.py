"""Verifying the audit hash chain (sealed by PostgreSQL at commit, see migration 0004 and ADR 0004)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import connection

GENESIS = "0" * 64


@dataclass
class ChainReport:
    ok: bool
    rows: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    broken_id: int | None = None
    broken_seq: int | None = None
    reason: str = ""

    def __str__(self) -> str:
        if self.ok:
            return f"audit chain OK: {self.rows} rows, head seq {self.head_seq} hash {self.head_hash}"
        return f"audit chain BROKEN at row id={self.broken_id} seq={self.broken_seq}: {self.reason}"


def audit_chain_verify(*, anchor: tuple[int, str] | None = None, batch: int = 2000) -> ChainReport:
    """Walk the chain in ``chain_seq`` order and report the first broken row.

    A row is broken when its sequence number skips (a row was removed), its ``prev_hash`` is not the previous
    row's ``hash`` (rows were removed or reordered), or its ``hash`` does not match the row's content (the row
    was changed). Rows outside the chain mean the sealing trigger was bypassed. ``anchor`` (seq, hash), a head
    recorded earlier outside the database, must still be in the chain unchanged.
    """
    if connection.vendor != "postgresql":
        return ChainReport(ok=True, reason="hash chain exists on PostgreSQL only")
    report = ChainReport(ok=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM audit_auditevent WHERE chain_seq IS NULL ORDER BY id LIMIT 1")
        unsealed = cursor.fetchone()
        last_seq, last_id = 0, 0
        while True:
            cursor.execute(
                "SELECT e.id, e.chain_seq, e.prev_hash, e.hash, audit_event_canonical(e) "
                "FROM audit_auditevent e WHERE e.chain_seq > %s ORDER BY e.chain_seq LIMIT %s",
                [last_seq, batch],
            )
            rows = cursor.fetchall()
            for row_id, seq, prev_hash, row_hash, canonical in rows:
                reason = ""
                if seq != report.head_seq + 1:
                    reason = f"sequence jumps from {report.head_seq} to {seq}: rows are missing"
                elif prev_hash != report.head_hash:
                    reason = "prev_hash does not match the previous row's hash"
                elif hashlib.sha256(canonical.encode()).hexdigest() != row_hash:
                    reason = "content does not match its hash: the row was changed"
                elif anchor is not None and seq == anchor[0] and row_hash != anchor[1]:
                    reason = "hash differs from the recorded anchor"
                if reason:
                    return ChainReport(ok=False, rows=report.rows, head_seq=report.head_seq,
                                       head_hash=report.head_hash, broken_id=row_id, broken_seq=seq, reason=reason)
                report.rows += 1
                report.head_seq, report.head_hash = seq, row_hash
                last_seq, last_id = seq, row_id
            if len(rows) < batch:
                break
    if anchor is not None and anchor[0] > report.head_seq:
        return ChainReport(ok=False, rows=report.rows, head_seq=report.head_seq, head_hash=report.head_hash,
                           broken_id=last_id or None, broken_seq=report.head_seq,
                           reason=f"the chain ends before the recorded anchor seq {anchor[0]}: rows are missing")
    if unsealed is not None:
        return ChainReport(ok=False, rows=report.rows, head_seq=report.head_seq, head_hash=report.head_hash,
                           broken_id=unsealed[0], reason="row is not in the chain: the sealing trigger was bypassed")
    return report
