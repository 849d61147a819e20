"""Seeded synthetic dataset at the size of a province, for the benchmarks (never for the test suite).

    python bench/generate.py [--scale 200000] [--seed 6] [--force]

``--scale`` is the number of fund applications (default 200,000; the smoke run uses 2,000). Built on the bench
database (``BENCH_DATABASE_URL``) with ``INSERT … SELECT generate_series`` so 200,000 cases take a few minutes:

- organisations: the fund manager, the provincial office and joint meeting, one fund office per city and county
  (117 counties, 11 cities, from the region migrations), two hospitals per county;
- users: a county clerk (小店区 fund office, roles clerk + approver) and eight hospital users with API tokens;
- applications spread evenly over the counties and over ten years, in a realistic mix of states, each with a rule
  trace of six entries; 1–5 history rows each; 0–3 documents each; one running deadline for each open case
  (the approval clock sits with the approving county office, the others with the fund manager) and its work item;
- audit rows: ten per application over ten years (2,000,000 at full scale).

The audit table refuses UPDATE and DELETE through a trigger (``audit_auditevent_append_only``); rows are only
inserted here, so the trigger stays on. There is no hash chain on audit rows in this code base. Rebuilding at a
different scale deletes the synthetic audit rows, for which the trigger is disabled for that one statement — in
the bench database only (the script refuses a database whose name does not contain ``bench``).

Reusable: a row in ``bench_dataset`` records seed and scale; a second run with the same ones returns at once.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_SCALE = 200_000
DEFAULT_SEED = 6
CLERK_COUNTY = "140105"  # 太原市小店区
HOSPITAL_USERS = 8
PREFIX = "FUNDB-"
AUDIT_PER_CASE = 10
TAG = "（基准数据）"

# state, share in ‰ — most cases are closed after ten years; the open ones carry a clock.
STATES = [("paid", 520), ("refused", 100), ("received", 90), ("under_review", 130), ("collecting", 50),
          ("awaiting_approval", 60), ("disputed", 10), ("approved", 40)]
OPEN = ("received", "under_review", "collecting", "awaiting_approval", "disputed", "approved")

RULE_TRACE = [
    {"rule": rid, "regulation": "FUND-2022", "doc_number": "晋政办发〔2022〕91号", "article": art,
     "statement": stmt, "outcome": "passed", "message": msg, "message_en": "", "figures": {},
     "regulation_status": "in_force"}
    for rid, art, stmt, msg in [
        ("FUND-A21", "第二十一条", "垫付情形", "肇事车辆未参加交强险"),
        ("FUND-A22", "第二十二条", "第7日后垫付费用按金额分级审批", "需县级联席办审批"),
        ("FUND-A23", "第二十三条", "申请期限", "在60日内提出"),
        ("FUND-A29", "第二十九条", "审核期限", "3个工作日内审核"),
        ("FUND-A53-HEAVY", "第五十三条", "重伤员", "抢救费用超过18000元"),
        ("FUND-A53-MASS", "第五十三条", "群死群伤", "不属于群死群伤事故"),
    ]
]


def _state_case_sql() -> str:
    """A CASE expression mapping r (0..999) to a state by the shares above."""
    parts, upto = [], 0
    for state, share in STATES:
        upto += share
        parts.append(f"WHEN r < {upto} THEN '{state}'")
    return "CASE " + " ".join(parts) + " END"


def _ensure_orgs():
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    from gazette.accounts.models import User
    from gazette.orgs.choices import OrganisationType as T
    from gazette.orgs.models import Organisation, Region

    def org(name, type_, region_id, prefix=""):
        return Organisation.objects.get_or_create(
            name=name, defaults={"type": type_, "region_id": region_id, "document_prefix": prefix})[0]

    manager = Organisation.objects.filter(type=T.FUND_MANAGER, is_active=True).order_by("id").first() or org(
        f"山西省道路交通事故社会救助基金管理人{TAG}", T.FUND_MANAGER, "140000", "晋救基")
    org(f"山西省道路交通事故社会救助基金联席会议{TAG}", T.FUND_JOINT_MEETING, "140000")
    org(f"山西省道路交通事故社会救助基金联席会议办公室{TAG}", T.FUND_OFFICE, "140000")
    offices, hospitals = {}, {}
    for region in Region.objects.filter(level__in=("city", "county")).order_by("code"):
        offices[region.code] = org(f"{region.name}({region.code})救助基金联席会议办公室{TAG}", T.FUND_OFFICE,
                                   region.code)
        if region.level == "county":
            hospitals[region.code] = [org(f"{region.name}({region.code})第{i}人民医院{TAG}", T.HOSPITAL, region.code)
                                      for i in (1, 2)]
    groups = {code: Group.objects.get_or_create(name=code)[0] for code in ("clerk", "approver", "hospital")}
    clerk, _ = User.objects.get_or_create(username="bench_county_clerk",
                                          defaults={"organisation": offices[CLERK_COUNTY], "full_name": "县经办人"})
    clerk.groups.add(groups["clerk"], groups["approver"])
    tokens = []
    hospital_list = [h for code in sorted(hospitals) for h in hospitals[code]]
    for i in range(HOSPITAL_USERS):
        hosp = hospital_list[(i * 29) % len(hospital_list)]
        user, _ = User.objects.get_or_create(username=f"bench_hospital_{i}",
                                             defaults={"organisation": hosp, "full_name": f"医院经办人{i}"})
        user.groups.add(groups["hospital"])
        tokens.append((Token.objects.get_or_create(user=user)[0].key, hosp.region_id))
    return manager, offices, hospitals, clerk, tokens


def dataset_info(cursor) -> dict | None:
    cursor.execute("CREATE TABLE IF NOT EXISTS bench_dataset (name text PRIMARY KEY, seed int, scale int, "
                   "built_at timestamptz, seconds double precision, counts jsonb)")
    cursor.execute("SELECT seed, scale, seconds, counts FROM bench_dataset WHERE name = 'fund'")
    row = cursor.fetchone()
    if row is None:
        return None
    counts = json.loads(row[3]) if isinstance(row[3], str) else row[3]  # Django's cursor hands jsonb back as text
    return {"seed": row[0], "scale": row[1], "seconds": row[2], "counts": counts}


def _delete_previous(cursor, ct_id: int) -> None:
    cursor.execute("DELETE FROM workflow_workitem WHERE content_type_id = %s AND reference LIKE %s",
                   [ct_id, PREFIX + "%"])
    cursor.execute("DELETE FROM deadlines_deadline WHERE kind LIKE 'bench-fund-%%'")
    cursor.execute("DELETE FROM workflow_casehistory WHERE content_type_id = %s AND reference LIKE %s",
                   [ct_id, PREFIX + "%"])
    cursor.execute("DELETE FROM documents_attachment WHERE content_type_id = %s AND file LIKE %s",
                   [ct_id, "fund/bench/%"])
    cursor.execute("DELETE FROM fund_application WHERE reference LIKE %s", [PREFIX + "%"])
    # Synthetic audit rows only, in the bench database only: the append-only trigger is off for this statement.
    cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only")
    cursor.execute("DELETE FROM audit_auditevent WHERE action = 'bench.synthetic'")
    cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only")
    cursor.execute("DELETE FROM bench_dataset WHERE name = 'fund'")


def generate(*, scale: int = DEFAULT_SCALE, seed: int = DEFAULT_SEED, force: bool = False,
             verbose: bool = True) -> dict:
    """Build (or reuse) the dataset; returns what it holds and how long building took."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from fund.models import Application

    name = connection.settings_dict["NAME"]
    if "bench" not in name:
        raise SystemExit(f"refusing to generate into {name!r}: not a bench database")
    log = print if verbose else (lambda *a, **k: None)
    manager, offices, hospitals, clerk, tokens = _ensure_orgs()
    ct_id = ContentType.objects.get_for_model(Application).id
    with connection.cursor() as cursor:
        have = dataset_info(cursor)
        if have and have["seed"] == seed and have["scale"] == scale and not force:
            # Reuse only a complete dataset: another benchmark (or a person) deleting part of it must not leave a
            # figure measuring less than it says (a sweep once deleted the fund clocks).
            cursor.execute("SELECT count(*) FROM deadlines_deadline WHERE kind LIKE 'bench-fund-%%'")
            clocks = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM fund_application WHERE reference LIKE 'FUNDB-%%'")
            cases = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM workflow_workitem WHERE reference LIKE 'FUNDB-%%'")
            items = cursor.fetchone()[0]
            if (cases, clocks, items) == (have["counts"]["applications"], have["counts"]["deadlines"],
                                          have["counts"].get("work_items")):
                log(f"dataset seed={seed} scale={scale} present (built in {have['seconds']:.0f} s), reused")
                return {**have, "reused": True, "clerk": clerk, "tokens": tokens}
            log(f"dataset incomplete ({cases} of {have['counts']['applications']} applications, {clocks} of "
                f"{have['counts']['deadlines']} clocks, {items} of {have['counts'].get('work_items')} work items): "
                "rebuilding")
    started = time.perf_counter()
    counties = sorted(hospitals)
    with transaction.atomic(), connection.cursor() as c:
        _delete_previous(c, ct_id)
        c.execute("SELECT setseed(%s)", [(seed % 1000) / 1000.0])
        c.execute("DROP TABLE IF EXISTS bench_county")
        c.execute("CREATE TEMP TABLE bench_county (i int PRIMARY KEY, code varchar(12), office bigint, "
                  "city_office bigint, h1 bigint, h2 bigint)")
        rows = []
        for i, code in enumerate(counties):
            city = f"{code[:4]}00"
            rows.append((i, code, offices[code].id, offices.get(city, offices[code]).id,
                         hospitals[code][0].id, hospitals[code][1].id))
        c.executemany("INSERT INTO bench_county VALUES (%s, %s, %s, %s, %s, %s)", rows)
        t = time.perf_counter()
        c.execute(
            f"""
            INSERT INTO fund_application (reference, reference_date, rule_trace, version, created_at, updated_at,
                state, kind, applicant_type, applicant_name, applicant_phone, accident_at, accident_place,
                expressway, hit_and_run, insurance_status, casualties, deaths, police_notice_no, victim_name,
                victim_id_number, victim_identity_unknown, treatment_started_at, first7_amount, post7_amount,
                post7_reasons, body_notice_on, funeral_receipts_amount, hardship_grade, hardship_amount,
                bank_account_name, bank_account, advance_amount, approval_level, heavy_injury, mass_casualty,
                requested_documents, dispute_level, guarantee_issued_at, refusal_reason, approval_opinion, paid_at,
                approver_organisation_id, dispute_organisation_id, hospital_id, organisation_id, police_unit_id,
                region_id, submitted_by_id)
            SELECT '{PREFIX}' || lpad(g::text, 8, '0'), (created - interval '3 days')::date, %s::jsonb, 1,
                created, created + interval '2 days', state, 'treatment', 'hospital', '医院', '',
                created - interval '3 days', '某县某路段', false, (g %% 7 = 0), 'uninsured', 1, 0,
                'JJ' || g, '张某某', '140105199001011234', false, created - interval '3 days',
                round((random() * 30000)::numeric, 2), 0, '', NULL, NULL, '', NULL, '', '',
                round((random() * 30000)::numeric, 2), CASE WHEN state = 'awaiting_approval' THEN 'county'
                ELSE 'manager' END, false, false, '[]'::jsonb, '', NULL, '', '',
                CASE WHEN state = 'paid' THEN created + interval '5 days' END,
                CASE WHEN state = 'awaiting_approval' THEN bc.office END, NULL,
                CASE WHEN g %% 2 = 0 THEN bc.h1 ELSE bc.h2 END, %s, NULL, bc.code, NULL
            FROM (SELECT g, now() - random() * interval '3650 days' AS created,
                         floor(random() * 1000)::int AS r FROM generate_series(1, %s) AS g) s
            CROSS JOIN LATERAL (SELECT {_state_case_sql()} AS state) st
            JOIN bench_county bc ON bc.i = s.g %% {len(counties)}
            """,
            [json.dumps(RULE_TRACE, ensure_ascii=False), manager.id, scale],
        )
        log(f"  applications: {scale} in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        c.execute(
            """
            INSERT INTO workflow_casehistory (object_id, reference, transition, transition_label, from_state,
                to_state, actor_name, at, comment, rule_trace, data, actor_id, content_type_id)
            SELECT a.id, a.reference, 'step' || s, '办理' || s, CASE WHEN s = 1 THEN '' ELSE 'under_review' END,
                CASE WHEN s = 1 THEN 'received' ELSE a.state END, '系统', a.created_at + s * interval '1 hour',
                '', CASE WHEN s = 1 THEN a.rule_trace ELSE '[]'::jsonb END, '{}'::jsonb, NULL, %s
            FROM fund_application a, generate_series(1, 1 + (a.id %% 5)::int) AS s
            WHERE a.reference LIKE %s
            """,
            [ct_id, PREFIX + "%"],
        )
        histories = c.rowcount
        log(f"  history rows: {histories} in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        c.execute(
            """
            INSERT INTO documents_attachment (content_type_id, object_id, checklist_code, original_name, extension,
                mime_type, size, sha256, file, is_personal_data, uploaded_by_id, uploaded_at)
            SELECT %s, a.id::text, (ARRAY['police_advance_notice', 'treatment_form', 'cost_list'])[s],
                '材料' || s || '.pdf', 'pdf', 'application/pdf', 1024, md5(a.id || '-' || s) || md5(s || '-' || a.id),
                'fund/bench/' || a.id || '-' || s || '.pdf', false, NULL, a.created_at + s * interval '1 hour'
            FROM fund_application a, generate_series(1, (a.id %% 4)::int) AS s
            WHERE a.reference LIKE %s
            """,
            [ct_id, PREFIX + "%"],
        )
        documents = c.rowcount
        log(f"  documents: {documents} in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        c.execute(
            """
            INSERT INTO deadlines_deadline (content_type_id, object_id, reference, title, organisation_id, kind,
                label, rule_id, amount, unit, started_at, due_at, warn_at, status, provisional, explanation,
                recounts, consumed, on_breach, breach_transition, breach_handler, breach_result)
            SELECT %s, a.id, a.reference, '救助基金申请', COALESCE(a.approver_organisation_id, a.organisation_id),
                'bench-fund-' || a.state, CASE WHEN a.state = 'awaiting_approval' THEN '审批期限' ELSE '审核期限' END,
                'FUND-A29', 3, 'workdays', now() - interval '1 day',
                now() + interval '1 day' + random() * interval '20 days', NULL, 'running', false,
                '{"summary": "自受理次日起算3个工作日"}'::jsonb, '[]'::jsonb, 0, 'escalate', '', '', ''
            FROM fund_application a WHERE a.reference LIKE %s AND a.state = ANY(%s)
            """,
            [ct_id, PREFIX + "%", list(OPEN)],
        )
        deadlines = c.rowcount
        log(f"  running deadlines: {deadlines} in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        # One work item per open application, as the engine's work_sync writes them (gazette.workflow.work): the
        # hospital supplies missing documents, the approving office approves, the manager does the rest.
        c.execute(
            """
            INSERT INTO workflow_workitem (content_type_id, object_id, app, reference, title, state, organisation_id,
                user_id, deadline_id, due_at, warn_at, rule_id, url, created_at)
            SELECT d.content_type_id, a.id, 'fund', a.reference, a.reference || ' ' || CASE a.state
                    WHEN 'received' THEN '待开始审核' WHEN 'under_review' THEN '待审核'
                    WHEN 'collecting' THEN '待补正材料' WHEN 'awaiting_approval' THEN '待审批'
                    WHEN 'disputed' THEN '待协调争议' ELSE '待划拨' END,
                a.state, CASE WHEN a.state = 'collecting' THEN a.hospital_id ELSE d.organisation_id END, NULL,
                d.id, d.due_at, d.warn_at, d.rule_id, '/fund/applications/' || a.id || '/', now()
            FROM deadlines_deadline d JOIN fund_application a ON a.id = d.object_id
            WHERE d.kind LIKE 'bench-fund-%%' AND d.content_type_id = %s
            """,
            [ct_id],
        )
        work_items = c.rowcount
        log(f"  work items: {work_items} in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        audit = scale * AUDIT_PER_CASE
        c.execute(
            """
            INSERT INTO audit_auditevent (at, actor_id, actor_name, action, object_type, object_id, summary, data, ip,
                prev_hash, hash)
            SELECT now() - (g::float / %s) * interval '3650 days', NULL, 'bench_county_clerk', 'bench.synthetic',
                'fund.application', (1 + g %% %s)::text, '查看申请', '{}'::jsonb, '127.0.0.1', '', ''
            FROM generate_series(1, %s) AS g
            """,
            [audit, scale, audit],
        )
        log(f"  audit rows: {audit} in {time.perf_counter() - t:.1f} s")
        counts = {"applications": scale, "history": histories, "documents": documents, "deadlines": deadlines,
                  "work_items": work_items, "audit": audit, "counties": len(counties)}
        seconds = time.perf_counter() - started
        c.execute("INSERT INTO bench_dataset VALUES ('fund', %s, %s, now(), %s, %s)",
                  [seed, scale, seconds, json.dumps(counts)])
    with connection.cursor() as c:
        for table in ("fund_application", "workflow_casehistory", "documents_attachment", "deadlines_deadline",
                      "workflow_workitem", "audit_auditevent"):
            c.execute(f"VACUUM ANALYZE {table}")  # as autovacuum would have: visibility map, statistics
    seconds = time.perf_counter() - started
    log(f"dataset seed={seed} scale={scale} built in {seconds:.0f} s: {counts}")
    return {"seed": seed, "scale": scale, "seconds": seconds, "counts": counts, "reused": False, "clerk": clerk,
            "tokens": tokens}


def main() -> int:
    from bench.common import django_setup

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=DEFAULT_SCALE, help="fund applications (default 200,000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--force", action="store_true", help="rebuild even when the dataset is present")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_ENV", "development")
    django_setup()
    generate(scale=args.scale, seed=args.seed, force=args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
