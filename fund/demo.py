"""Demo data for `make run`: fund users, reference data, ledger inflows and a few dozen applications in every
state, all created through the services and the engine. Idempotent: cases are only created once."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gazette.accounts import roles
from gazette.orgs.demo import DemoOrg, DemoUser, organisations_by_key, users_create
from gazette.orgs.models import Organisation, Region
from gazette.workflow.engine import transition_perform

from .checklist import items_for
from .models import Application, AverageWage, ExpresswayUnit, LedgerEntry, ServiceHotline
from .services import application_attachment_add, application_submit, ledger_inflow_record, report_schedule_quarterly

EXTRA_ORGS = (
    DemoOrg("hosp_xd", "太原市小店区人民医院", "小店区医院", "hospital", "140105"),
)
USERS = (
    DemoUser("fund_county", "刘审批（小店区联席办）", "fund_office_xd", (roles.APPROVER.code,)),
    DemoUser("fund_city", "周审批（太原市联席办）", "fund_office_ty", (roles.APPROVER.code,)),
    DemoUser("fund_province", "吴审批（省联席办）", "fund_office_prov", (roles.APPROVER.code,)),
    DemoUser("fund_jm", "郑委员（省联席会议）", "fund_jm", (roles.APPROVER.code,)),
    DemoUser("fund_expressway", "孙大队长（高速交警太原大队）", "police_expressway", (roles.APPROVER.code,)),
    DemoUser("hospital2", "钱医保（太原市中心医院）", "hosp_2", (roles.HOSPITAL.code,)),
    DemoUser("trustee", "冯律师（追偿受托人）", "trustee", (roles.CLERK.code,)),
    # 职责分离: the clerk who approves an application does not pay it (fund/workflow.py).
    DemoUser("fund_cashier", "褚出纳（救助基金管理人）", "fund_manager", (roles.CASHIER.code,)),
)
VICTIMS = [("张伟", "11010519491231002X"), ("王芳", "140105199003071234"), ("李强", "140106198512120017"),
           ("刘洋", "140107200001011239"), ("陈静", "14010519780615002X")]


def _valid_ids():
    from gazette.audit.masking import id_number_is_valid

    return [(n, i) for n, i in VICTIMS if id_number_is_valid(i)] or VICTIMS[:1]


def load(stdout=None) -> list[tuple[str, str, str, str]]:
    for spec in EXTRA_ORGS:
        Organisation.objects.get_or_create(name=spec.name, defaults={
            "short_name": spec.short, "type": spec.type, "region": Region.objects.get(code=spec.region)})
    orgs = organisations_by_key()
    orgs["hosp_xd"] = Organisation.objects.get(name=EXTRA_ORGS[0].name)
    rows = users_create(USERS, orgs)
    year = timezone.localdate().year
    for y, amount in ((year - 2, "7180.00"), (year - 1, "7450.00")):
        AverageWage.objects.get_or_create(year=y, defaults={
            "monthly_amount": Decimal(amount), "source": "演示数据：请管理员按省统计局公布的数据更新"})
    # 12345 is the real government service hotline (12345政务服务便民热线), standing in for the manager's own.
    ServiceHotline.objects.get_or_create(effective_from=date(2022, 12, 1), defaults={
        "number": "12345", "note": "演示数据，请管理员录入救助基金管理人的24小时热线"})
    ExpresswayUnit.objects.get_or_create(acts_as="county", region_id="140100",
                                         defaults={"organisation": orgs["police_expressway"]})
    if not Application.objects.exists():
        _cases(orgs)
        if stdout:
            stdout.write(f"救助基金演示申请：{Application.objects.count()}件")
    return rows


def _user(username):
    return get_user_model().objects.get(username=username)


def _docs(app, actor):
    for item in items_for(app):
        application_attachment_add(application=app, actor=actor, code=item.code,
                                   upload=SimpleUploadedFile(f"{item.code}.pdf", b"%PDF-1.4 demo\n%%EOF\n",
                                                             "application/pdf"))


def _cases(orgs) -> None:
    clerk, hospital, hospital2 = _user("clerk"), _user("hospital"), _user("hospital2")
    cashier = _user("fund_cashier")
    approvers = {"county": _user("fund_county"), "city": _user("fund_city"), "province": _user("fund_province"),
                 "joint_meeting": _user("fund_jm")}
    now = timezone.now()
    ids = _valid_ids()
    for i, amount in enumerate(["3000000.00", "450000.00", "120000.00", "86000.50", "20000.00"]):
        kind = ["levy", "fine", "subsidy", "interest", "donation"][i]
        if not LedgerEntry.objects.filter(source_ref=f"DEMO-{kind}").exists():
            ledger_inflow_record(actor=clerk, kind=kind, amount=Decimal(amount),
                                 occurred_on=timezone.localdate() - timedelta(days=40 + i),
                                 source_ref=f"DEMO-{kind}", note="演示数据")

    def treatment(n, post7="0.00", by=hospital, **extra):
        name, idn = ids[n % len(ids)]
        days = 2 + n % 20
        data = {"kind": "treatment", "applicant_type": "hospital", "accident_at": (now - timedelta(days=days)),
                "treatment_started_at": now - timedelta(days=days, hours=-1), "accident_place": "演示事故地点",
                "region": ["140105", "140106", "140107"][n % 3], "insurance_status": "uninsured",
                "victim_name": name, "victim_id_number": idn, "first7_amount": f"{12000 + n * 731}.00",
                "post7_amount": post7, "post7_reasons": "持续住院治疗" if post7 != "0.00" else "",
                "bank_account": "6222020200112233445", "bank_account_name": by.organisation.name, **extra}
        return application_submit(actor=by, data=data)

    def act(app, *names, actor=None, **kw):
        for name in names:
            who = actor or (approvers.get(app.approval_level) if name == "approve" and app.state ==
                            "awaiting_approval" else cashier if name == "pay" else clerk)
            transition_perform(case=app, name=name, actor=who, comment=kw.get("comment", "演示"),
                               data=kw.get("data"))
        return app

    n = 0
    for _ in range(5):  # received
        treatment(n, by=hospital if n % 2 else hospital2)
        n += 1
    for _ in range(4):  # under review
        act(treatment(n), "start_review")
        n += 1
    for _ in range(4):  # collecting
        act(treatment(n), "start_review", "request_documents")
        n += 1
    for post7 in ("12000.00", "45000.00", "120000.00", "350000.00"):  # awaiting approval at every level
        app = treatment(n, post7=post7)
        _docs(app, hospital)
        act(app, "start_review", "submit_for_approval")
        n += 1
    app = treatment(n, casualties=7)  # mass casualty with a 48-hour guarantee clock
    act(app, "start_review", "guarantee")
    n += 1
    app = treatment(n)
    act(app, "start_review", "dispute")
    n += 1
    for _ in range(3):  # approved, waiting for payment
        app = treatment(n)
        _docs(app, hospital)
        act(app, "start_review", "approve")
        n += 1
    for post7 in ("0.00", "0.00", "25000.00", "60000.00", "0.00", "150000.00"):  # paid
        app = treatment(n, post7=post7)
        _docs(app, hospital)
        act(app, "start_review")
        if app.approval_level != "manager":
            act(app, "submit_for_approval")
        act(app, "approve")
        act(app, "pay")
        n += 1
    for _ in range(3):  # refused
        app = treatment(n, insurance_status="insured", first7_amount="3000.00")
        act(app, "start_review")
        act(app, "refuse", comment="不符合第二十一条规定的垫付情形", data={"reason": "不符合第二十一条规定的垫付情形"})
        n += 1
    funeral = application_submit(actor=clerk, data={
        "kind": "funeral", "applicant_type": "relative", "applicant_name": "赵家属",
        "accident_at": now - timedelta(days=5),
        "accident_place": "演示事故地点", "region": "140105", "insurance_status": "uninsured", "deaths": 1,
        "victim_name": ids[0][0], "victim_id_number": ids[0][1],
        "body_notice_on": timezone.localdate() - timedelta(days=3),
        "bank_account": "6222020200998877665", "bank_account_name": "赵家属"})
    act(funeral, "start_review")
    hardship = application_submit(actor=clerk, data={
        "kind": "hardship", "applicant_type": "relative", "applicant_name": "钱家属",
        "accident_at": now - timedelta(days=120), "accident_place": "演示事故地点", "region": "140105",
        "insurance_status": "insured", "victim_name": ids[-1][0], "victim_id_number": ids[-1][1],
        "hardship_grade": "death", "hardship_amount": "50000.00"})
    _docs(hardship, clerk)
    act(hardship, "start_review", "submit_for_approval")
    today = timezone.localdate()
    quarter = (today.month - 1) // 3
    report_schedule_quarterly(year=today.year if quarter else today.year - 1, quarter=quarter or 4)
