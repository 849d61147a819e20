"""Writes for clues: registration (COLL-A28/29), public reports, every workflow step through the engine, the
investigation team (A35), measures (A36/A38/A40: created here, moved by their own workflow), evidence (A37),
refunds (A41/A42), reward decisions (A25). Bad input raises ``ValidationError`` with a Chinese message and writes
nothing."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gazette.audit.services import audit_record
from gazette.documents.files import file_type_check
from gazette.documents.services import attachment_add
from gazette.orgs.choices import OrganisationType
from gazette.orgs.models import Organisation, Region
from gazette.rules.services import rules_evaluate
from gazette.workflow.actions import action_perform
from gazette.workflow.engine import case_create, record_create

from . import choices as ch
from .clocks import VERIFICATION
from .models import Clue, Evidence, Measure, Participant, RecoveredAsset, RefundPayment, TeamMember
from .selectors import MEASURE_RULES, clue_refund_figures, measure_facts

MEMBER_TYPES = {OrganisationType.FUNDRAISING_LEAD, OrganisationType.FUNDRAISING_MEMBER,
                OrganisationType.SECTOR_REGULATOR, OrganisationType.RESIDENTS_COMMITTEE,
                OrganisationType.STREET_OFFICE}


def _fail(message: str, field_name: str | None = None) -> ValidationError:
    return ValidationError({field_name: [message]}) if field_name else ValidationError(message)


def _raise_on_failure(trace) -> None:
    if not trace.ok:
        first = trace.failures[0]
        raise ValidationError(f"{first['message']}（{first['rule']}，{first['article']}）")


def lead_department_for_region(region: Region) -> Organisation | None:
    """The lead department (牵头部门) of ``region`` or, where that level has none, the nearest one above."""
    codes = region.ancestors_and_self()
    found = {o.region_id: o for o in Organisation.objects.filter(
        type=OrganisationType.FUNDRAISING_LEAD, region_id__in=codes, is_active=True).select_related("region")}
    for code in reversed(codes):
        if code in found:
            return found[code]
    return None


def common_superior(a: Organisation, b: Organisation) -> Organisation | None:
    """The nearest lead department above both (COLL-A33 第二款): walk the parent chains."""
    def chain(org):
        out = []
        node = org.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out
    above_b = {o.pk for o in chain(b)} | {b.pk}
    for org in chain(a):
        if org.pk in above_b and org.type == OrganisationType.FUNDRAISING_LEAD:
            return org
    return None


@dataclass
class ClueInput:
    source: str
    subject_name: str
    description: str
    subject_kind: str = ch.SubjectKind.UNIT
    subject_region: Region | None = None
    subject_credit_code: str = ""
    subject_address: str = ""
    amount_involved: Decimal | None = None
    reporter_name: str = ""
    reporter_id_number: str = ""
    reporter_phone: str = ""


def _clue_input_errors(data: ClueInput) -> dict[str, list[str]]:
    """Every missing or wrong field of ``data`` at once, keyed by field name."""
    errors: dict[str, list[str]] = {}
    if not (data.subject_name or "").strip():
        errors["subject_name"] = ["请填写涉嫌非法集资的单位或个人名称。"]
    if not (data.description or "").strip():
        errors["description"] = ["请填写线索内容。"]
    if data.source not in ch.ClueSource.values:
        errors["source"] = ["请选择第二十八条所列的线索来源。"]
    return errors


def clue_register(*, actor: Any, organisation: Organisation, data: ClueInput, receipt_number: str | None = None,
                  comment: str = "") -> Clue:
    """Register a clue at ``organisation`` (受理登记, COLL-A28/A29) and start the 10-working-day verification clock
    (COLL-A30). A clue without a subject or a description is refused."""
    errors = _clue_input_errors(data)
    if errors:
        raise ValidationError(errors)
    subject_path = data.subject_region.path if data.subject_region else ""
    facts = {"source": data.source, "unit_is_member": organisation.type in MEMBER_TYPES,
             "subject_region_path": subject_path, "unit_region_path": organisation.region.path}
    trace = rules_evaluate(("COLL-A28",), facts, on=timezone.localdate())
    _raise_on_failure(trace)
    clue = case_create(
        model=Clue, actor=actor, reference_date=timezone.localdate(),
        region=data.subject_region or organisation.region, organisation=organisation,
        fields={
            "source": data.source, "subject_name": data.subject_name.strip(), "subject_kind": data.subject_kind,
            "subject_region": data.subject_region, "subject_credit_code": data.subject_credit_code,
            "subject_address": data.subject_address, "description": data.description.strip(),
            "amount_involved": data.amount_involved, "registering_organisation": organisation,
            "created_by": actor if getattr(actor, "is_authenticated", False) else None,
            "reporter_name": data.reporter_name, "reporter_id_number": data.reporter_id_number,
            "reporter_phone": data.reporter_phone, "receipt_number": receipt_number,
        },
        rule_ids=("COLL-A28", "COLL-A29"), facts=facts, start_deadlines=(VERIFICATION,), comment=comment,
    )
    return clue


PUBLIC_EVIDENCE_MAX_FILES = 5
REPORTER_SUPPLIED = "举报人提供（网上举报）"


def public_report_submit(*, data: ClueInput, files: list[Any] | None = None) -> Clue:
    """A public report (no login): registered at the lead department of the region named, with a receipt number
    the reporter uses to follow progress. Every missing field is reported at once. ``files``: up to 5 photos or
    scans the reporter attaches; each becomes unverified evidence (第三十七条: it counts once 经查证属实), and a
    refused file refuses the whole report, nothing saved."""
    data.source = ch.ClueSource.PUBLIC_REPORT
    files = [f for f in (files or []) if f]
    errors = _clue_input_errors(data)
    if len(files) > PUBLIC_EVIDENCE_MAX_FILES:
        errors["evidence_files"] = [f"最多上传{PUBLIC_EVIDENCE_MAX_FILES}个证据材料文件。"]
    else:
        for upload in files:
            try:
                file_type_check(upload)
            except ValidationError as exc:
                errors.setdefault("evidence_files", []).extend(f"{upload.name}：{m}" for m in exc.messages)
    lead = lead_department_for_region(data.subject_region) if data.subject_region is not None else None
    if data.subject_region is None:
        errors["subject_region"] = ["请选择涉嫌主体所在地。"]
    elif lead is None:
        errors["subject_region"] = ["该地区暂无受理单位，请拨打当地处非办电话举报。"]
    if errors:
        raise ValidationError(errors)
    for _attempt in range(5):
        receipt = "JB" + timezone.localdate().strftime("%y%m") + secrets.token_hex(4).upper()
        if not Clue.objects.filter(receipt_number=receipt).exists():
            break
    with transaction.atomic():
        clue = clue_register(actor=None, organisation=lead, data=data, receipt_number=receipt,
                             comment="群众网上举报")
        for upload in files:
            kind = ch.EvidenceKind.AUDIOVISUAL if (upload.name or "").lower().endswith((".jpg", ".jpeg", ".png")) \
                else ch.EvidenceKind.DOCUMENTARY
            evidence = Evidence.objects.create(
                clue=clue, kind=kind, title=(upload.name or "举报材料")[:200], obtained_from=REPORTER_SUPPLIED,
                obtained_on=timezone.localdate(), verified=False, recorded_by=None)
            attachment_add(case=clue, uploaded_file=upload, checklist_code=evidence_file_code(evidence), actor=None,
                           is_personal_data=True, decided=True)
    return clue


def clue_by_receipt(receipt_number: str) -> Clue | None:
    return Clue.objects.filter(receipt_number=(receipt_number or "").strip().upper()).first()


def clue_act(*, clue: Clue, name: str, actor: Any, comment: str = "", data: dict[str, Any] | None = None,
             expected_state: str | None = None):
    """Perform workflow step ``name`` with typed ``data``: the step's declared ``prepare`` resolves what it needs
    (the competent lead department, the common superior) before the engine runs the guards."""
    return action_perform(obj=clue, name=name, actor=actor, comment=comment, data=data,
                          expected_state=expected_state)


# --- Investigation --------------------------------------------------------------------------------------------
def _require_state(clue: Clue, *states: str, what: str) -> None:
    if clue.state not in states:
        labels = "、".join(str(ch.ClueState(s).label) for s in states)
        raise ValidationError(f"{what}只能在「{labels}」阶段办理，当前为「{clue.state_label}」。")


def team_member_add(*, clue: Clue, actor: Any, name: str, credential_number: str, organisation: str = "",
                    has_interest: bool = False) -> TeamMember:
    """Add an investigator (COLL-A35). A member who declares a direct interest must recuse: refused, nothing
    written; the credential number is required."""
    _require_state(clue, ch.ClueState.INVESTIGATING, what="组建调查组")
    member = {"name": (name or "").strip(), "credential": (credential_number or "").strip(),
              "has_interest": has_interest}
    if not member["name"]:
        raise _fail("请填写调查人员姓名。", "name")
    trace = rules_evaluate(("COLL-A35",), {"members": [member], "complete": False}, on=clue.reference_date)
    _raise_on_failure(trace)
    if clue.team.filter(credential_number=member["credential"]).exists():
        raise _fail("该执法证件号已在调查组中。", "credential_number")
    row = TeamMember.objects.create(clue=clue, name=member["name"], credential_number=member["credential"],
                                    organisation=organisation, has_interest=False)
    audit_record(action="collection.team_add", actor=actor, obj=clue, summary=f"{clue.reference} +{row.name}")
    return row


EVIDENCE_FILE_PREFIX = ch.EVIDENCE_FILE_PREFIX


def evidence_file_code(evidence: Evidence) -> str:
    """The attachment code that ties a file of the clue to one evidence row (``gazette.documents``)."""
    return f"{EVIDENCE_FILE_PREFIX}{evidence.pk}"


def evidence_add(*, clue: Clue, actor: Any, kind: str, title: str, obtained_on: date, obtained_from: str = "",
                 custodian: str = "", verified: bool = False, file: Any = None) -> Evidence:
    """Register evidence (COLL-A37), optionally with its scan or photo (PDF, JPG, PNG, OFD), stored by the
    documents engine as an attachment of the clue (type checked by content, checksum, audited). A refused file
    leaves no evidence row."""
    _require_state(clue, ch.ClueState.VERIFYING, ch.ClueState.INVESTIGATING, what="证据登记")
    if kind not in ch.EvidenceKind.values:
        raise _fail("请选择第三十七条所列的证据种类。", "kind")
    if not (title or "").strip():
        raise _fail("请填写证据名称。", "title")
    with transaction.atomic():
        evidence = Evidence.objects.create(clue=clue, kind=kind, title=title.strip(), obtained_on=obtained_on,
                                           obtained_from=obtained_from, custodian=custodian, verified=verified,
                                           recorded_by=actor)
        if file is not None:
            attachment_add(case=clue, uploaded_file=file, checklist_code=evidence_file_code(evidence), actor=actor,
                           is_personal_data=True)
    return evidence


def evidence_verify(*, evidence: Evidence, actor: Any) -> Evidence:
    """Mark evidence as verified as true (经查证属实, COLL-A37): from then on it counts for the report (A39)."""
    _require_state(evidence.clue, ch.ClueState.VERIFYING, ch.ClueState.INVESTIGATING, what="证据查证")
    if evidence.verified:
        raise ValidationError("该证据已经查证属实。")
    evidence.verified = True
    evidence.save(update_fields=["verified"])
    audit_record(action="collection.evidence_verify", actor=actor, obj=evidence.clue, summary=evidence.title)
    return evidence


def measure_request(*, clue: Clue, actor: Any, kind: str, target: str, reason: str) -> Measure:
    """Request a measure (through the engine: history "登记", work item, audit row). Those needing the head's
    approval (account query, sealing/seizure, asset sale) wait for it; the others are approved by the regulation
    itself. The stage and level rules (A36/A38/A40) are checked now as if approved, and again on each step."""
    if kind not in ch.MeasureKind.values:
        raise _fail("请选择措施。", "kind")
    if not (target or "").strip() or not (reason or "").strip():
        raise ValidationError("请填写措施对象和事由。")
    draft = Measure(clue=clue, kind=kind)
    higher = draft.needs_higher_decision
    if higher and draft.deciding_department is None:
        raise _fail("限制出境须经市级以上牵头部门决定（第四十条第四项），未找到本部门的上级市级牵头部门。", "kind")
    needs = kind in ch.HEAD_APPROVAL_MEASURES or higher
    # Checked as if approved (by the city when the city decides): the stage and level rules hold now.
    facts = measure_facts(draft, head_approved=True, decider_level="city" if higher else None)
    trace = rules_evaluate(MEASURE_RULES, facts, on=clue.reference_date)
    _raise_on_failure(trace)
    return record_create(model=Measure, actor=actor, trace=trace, fields={
        "clue": clue, "kind": kind, "target": target.strip(), "reason": reason.strip(), "requested_by": actor,
        "status": ch.MeasureStatus.AWAITING_APPROVAL if needs else ch.MeasureStatus.APPROVED})


def measure_approve(*, measure: Measure, actor: Any, approve: bool = True, comment: str = "") -> Measure:
    """The lead department's head (主要负责人) approves or refuses (COLL-A36 第四项, COLL-A40 第二、三项): the
    workflow's ``approve`` / ``refuse`` (a refusal gives its reason)."""
    return action_perform(obj=measure, name="approve" if approve else "refuse", actor=actor, comment=comment).case


def measure_execute(*, measure: Measure, actor: Any, refusal_note: str = "", comment: str = "") -> Measure:
    """Record the measure as carried out (the workflow's ``execute``: only once approved, the measure's rule
    judged again). ``refusal_note`` records a refusal to cooperate (第三十六条第二款)."""
    return action_perform(obj=measure, name="execute", actor=actor, comment=comment,
                          data={"refusal_note": refusal_note}).case


# --- Refunds --------------------------------------------------------------------------------------------------
def _money(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValueError("金额格式不正确") from exc
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError("金额最多两位小数")
    return amount.quantize(Decimal("0.01"))


@dataclass
class ImportResult:
    created: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)


def participants_import(*, clue: Clue, actor: Any, rows: list[dict[str, Any]]) -> ImportResult:
    """Import participants (姓名, 身份证号, 电话, 申报金额). Bad rows are listed with their row number and reason;
    the good rows are saved."""
    from gazette.audit.masking import id_number_is_valid

    _require_state(clue, ch.ClueState.DISPOSING, ch.ClueState.REFUNDING, ch.ClueState.INVESTIGATING,
                   what="登记集资参与人")
    result = ImportResult()
    existing = set(clue.participants.values_list("id_number", flat=True))
    good: list[Participant] = []
    for number, row in enumerate(rows, start=2):
        name = str(row.get("姓名") or "").strip()
        id_number = str(row.get("身份证号") or "").strip().upper()
        problems = []
        if not name:
            problems.append("姓名为空")
        if not id_number_is_valid(id_number):
            problems.append("身份证号不正确")
        elif id_number in existing:
            problems.append("身份证号重复")
        try:
            amount = _money(row.get("申报金额"))
            if amount <= 0:
                problems.append("申报金额应大于0")
        except ValueError as exc:
            problems.append(str(exc))
            amount = None
        if problems:
            result.errors.append({"row": number, "name": name, "errors": "；".join(problems)})
            continue
        existing.add(id_number)
        good.append(Participant(clue=clue, name=name, id_number=id_number, phone=str(row.get("电话") or "").strip(),
                                claimed_amount=amount))
    with transaction.atomic():
        Participant.objects.bulk_create(good)
        audit_record(action="collection.participants_import", actor=actor, obj=clue,
                     summary=f"{clue.reference} 导入{len(good)}人，错误{len(result.errors)}行")
    result.created = len(good)
    return result


def asset_record(*, clue: Clue, actor: Any, source: str, description: str, amount: Any,
                 recovered_on: date) -> RecoveredAsset:
    """Record a recovered asset by its COLL-A42 source."""
    _require_state(clue, ch.ClueState.DISPOSING, ch.ClueState.REFUNDING, what="登记追回资产")
    try:
        value = _money(amount)
    except ValueError as exc:
        raise _fail(str(exc), "amount") from exc
    trace = rules_evaluate(("COLL-A42",), {"source": source, "amount": value}, on=clue.reference_date)
    _raise_on_failure(trace)
    return RecoveredAsset.objects.create(clue=clue, source=source, description=description, amount=value,
                                         recovered_on=recovered_on)


def refund_record(*, clue: Clue, actor: Any, participant: Participant, amount: Any, paid_on: date) -> RefundPayment:
    """Record a refund paid; refused when it would exceed the recovered assets or the participant's claim
    (COLL-A41 reconciliation). The clue row is locked so two clerks cannot overspend together."""
    _require_state(clue, ch.ClueState.REFUNDING, what="清退支付")
    try:
        value = _money(amount)
    except ValueError as exc:
        raise _fail(str(exc), "amount") from exc
    if value <= 0:
        raise _fail("清退金额应大于0。", "amount")
    with transaction.atomic():
        Clue.objects.select_for_update().get(pk=clue.pk)
        payment = RefundPayment.objects.create(clue=clue, participant=participant, amount=value, paid_on=paid_on)
        figures = clue_refund_figures(clue)
        trace = rules_evaluate(("COLL-A41",), figures, on=clue.reference_date)
        if not trace.ok:
            transaction.set_rollback(True)
            first = trace.failures[0]
            raise ValidationError(f"{first['message']}（{first['rule']}，{first['article']}）")
        audit_record(action="collection.refund", actor=actor, obj=clue, summary=f"{participant.name} {value}")
    return payment


def reward_record(*, clue: Clue, actor: Any, decision: str, amount: Any, note: str = "") -> Clue:
    """Record the reward decision for the reporter (COLL-A25)."""
    try:
        value = _money(amount or "0")
    except ValueError as exc:
        raise _fail(str(exc), "amount") from exc
    trace = rules_evaluate(("COLL-A25",), {"decision": decision, "amount": value}, on=clue.reference_date)
    _raise_on_failure(trace)
    clue.reward_decision, clue.reward_amount, clue.reward_note = decision, value, note
    clue.save(update_fields=["reward_decision", "reward_amount", "reward_note", "updated_at"])
    audit_record(action="collection.reward", actor=actor, obj=clue, summary=f"{decision} {value}")
    return clue


def police_feedback_record(*, clue: Clue, actor: Any, feedback: str) -> Clue:
    """Record the police's feedback on a referred case (第四十八条 案件处理信息通报)."""
    _require_state(clue, ch.ClueState.CRIMINAL_REFERRED, ch.ClueState.ARCHIVED, what="登记公安机关反馈")
    if not (feedback or "").strip():
        raise _fail("请填写反馈内容。", "feedback")
    clue.police_feedback = feedback.strip()
    clue.save(update_fields=["police_feedback", "updated_at"])
    audit_record(action="collection.police_feedback", actor=actor, obj=clue, summary=clue.reference)
    return clue


def reporter_identity(*, clue: Clue, user: Any) -> dict[str, str] | None:
    """The reporter's identity for the registering unit only (COLL-A25); every view is audited."""
    from gazette.permissions import user_can

    if not user_can(user, "reporter_view", clue):
        return None
    if clue.reporter_name or clue.reporter_phone or clue.reporter_id_number:
        audit_record(action="collection.reporter_view", actor=user, obj=clue, summary=clue.reference)
    return {"name": clue.reporter_name, "id_number": clue.reporter_id_number, "phone": clue.reporter_phone}
