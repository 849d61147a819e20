"""Writes of the property app: areas and owners (with the Excel import), forming a committee, nominations and
their backers, members, the public objection with its SMS code, the objection check, meetings. State changes go
through the engine; guards are the cited rules of ``rules.py``."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gazette.audit.masking import mask_phone
from gazette.audit.services import audit_record
from gazette.deadlines.services import deadline_start, deadlines_close
from gazette.notices.models import NoticeStatus, Objection, ObjectionOutcome, PublicNotice
from gazette.notices.services import notice_publish, objection_handle, objection_receive
from gazette.rules.services import RuleTrace, rules_evaluate
from gazette.workflow.engine import case_create, record_create, transition_perform

from . import choices as ch
from . import clocks
from .models import (
    Area,
    Attendance,
    Backing,
    Committee,
    Meeting,
    Member,
    Nomination,
    Owner,
    SmsMessage,
    Unit,
    VerificationCode,
)
from .selectors import area_facts, establishment_facts, list_notice, meeting_facts

CODE_MINUTES = 10
CODE_MAX_TRIES = 5
CODES_PER_HOUR = 3


def _fail(trace: RuleTrace, field_name: str = "__all__") -> None:
    """Raise the first failed rule as a field error naming its article (400, nothing written)."""
    if not trace.ok:
        first = trace.failures[0]
        raise ValidationError({field_name: [f"{first['message']}（{first['rule']}，{first['article']}）"]})


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# --- Areas and owners ------------------------------------------------------------------------------------------
@dataclass
class AreaInput:
    name: str
    total_area: Decimal
    delivered_area: Decimal = Decimal("0")
    address: str = ""
    residents_committee: str = ""
    is_residential: bool = True
    delivery_started: bool = False
    assembly_conditions_met: bool = False
    assembly_formed: bool = False
    assembly_failed_election: bool = False
    owners_committee_elected_on: date | None = None
    service_provider: str = ""


def area_create(*, actor: Any, street_office: Any, data: AreaInput) -> Area:
    """Register a residential area of ``street_office`` (its region is the office's)."""
    if data.total_area is None or data.total_area <= 0:
        raise ValidationError({"total_area": ["建筑总面积应大于0。"]})
    if data.delivered_area < 0:
        raise ValidationError({"delivered_area": ["已交付专有部分面积不能为负数。"]})
    if data.delivered_area > data.total_area:
        raise ValidationError({"delivered_area": [
            f"已交付专有部分面积（{data.delivered_area}㎡）不能大于建筑总面积（{data.total_area}㎡）（第六条第（一）项）。"]})
    if Area.objects.filter(street_office=street_office, name=data.name).exists():
        raise ValidationError({"name": ["本街道已有同名小区。"]})
    with transaction.atomic():
        area = Area.objects.create(street_office=street_office, region=street_office.region, **data.__dict__)
        audit_record(action="property.area_create", actor=actor, obj=area, summary=area.name)
    return area


@dataclass
class ImportResult:
    created: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)


PHONE = re.compile(r"^1\d{10}$")


def _area_value(raw: Any) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ValueError("专有部分面积不是数字") from None
    if value <= 0:
        raise ValueError("专有部分面积应大于0")
    return value.quantize(Decimal("0.01"))


def owners_import(*, area: Area, actor: Any, rows: Sequence[dict[str, Any]]) -> ImportResult:
    """Import units and their owners (columns 房号, 专有部分面积, 业主姓名, 手机号码, 职业). One owner per unit:
    a unit number already registered or repeated in the file is an error of that row. Bad rows are listed with
    their row number and reason; the good rows are saved together."""
    result = ImportResult()
    existing = set(area.units.values_list("number", flat=True))
    good: list[tuple[Unit, dict[str, str]]] = []
    for number, row in enumerate(rows, start=2):
        unit_no = str(row.get("房号") or "").strip()
        name = str(row.get("业主姓名") or "").strip()
        phone = str(row.get("手机号码") or "").strip()
        problems = []
        if not unit_no:
            problems.append("房号为空")
        elif unit_no in existing:
            problems.append("房号重复（一个专有部分只登记一名业主）")
        if not name:
            problems.append("业主姓名为空")
        if phone and not PHONE.match(phone):
            problems.append("手机号码应为11位数字")
        size = None
        try:
            size = _area_value(row.get("专有部分面积"))
        except ValueError as exc:
            problems.append(str(exc))
        if problems:
            result.errors.append({"row": number, "unit": unit_no, "errors": "；".join(problems)})
            continue
        existing.add(unit_no)
        good.append((Unit(area=area, number=unit_no, exclusive_area=size),
                     {"name": name, "phone": phone, "occupation": str(row.get("职业") or "").strip()}))
    with transaction.atomic():
        units = Unit.objects.bulk_create([u for u, _ in good])
        Owner.objects.bulk_create([Owner(unit=u, area=area, **o) for u, (_, o) in zip(units, good, strict=True)])
        audit_record(action="property.owners_import", actor=actor, obj=area,
                     summary=f"{area.name} 导入{len(good)}户，错误{len(result.errors)}行")
    result.created = len(good)
    return result


# --- Formation ---------------------------------------------------------------------------------------------------
@dataclass
class FormationInput:
    trigger: str
    requirements: str
    registration: str
    places: list[str]
    days: int = 7
    announced_on: date | None = None


FORMATION_RULES = ("PROP-A2", "PROP-A6", "PROP-A7", "PROP-A6-30D")


def _places(places: Sequence[str]) -> list[str]:
    return [p.strip() for p in places if p and p.strip()]


def committee_form(*, actor: Any, area: Area, data: FormationInput) -> Committee:
    """拟组建物业管理委员会公告 (PROP-A6/A7): check the area and the trigger, open the case, post the announcement in
    the recorded places for its days and start the 30-day formation clock. Nothing is written when a rule fails."""
    announced_on = data.announced_on or timezone.localdate()
    places = _places(data.places)
    # Minimum postings: announcement, 5 days to fix candidates, list posting of 7 days (第六、七、十一、十二条).
    planned_end = announced_on + timedelta(days=data.days + 5 + 7)
    facts = {**area_facts(area), "trigger": data.trigger, "places": len(places), "days": data.days,
             "announced_on": announced_on, "planned_end": planned_end}
    trace = rules_evaluate(FORMATION_RULES, facts, on=announced_on)
    for rule_id, field_name in (("PROP-A2", "area"), ("PROP-A6", "trigger"), ("PROP-A7", "places")):
        entry = trace.get(rule_id)
        if entry["outcome"] == "failed":
            name = "days" if rule_id == "PROP-A7" and len(places) >= 2 else field_name
            raise ValidationError({name: [f"{entry['message']}（{entry['rule']}，{entry['article']}）"]})
    if not data.requirements.strip():
        raise ValidationError({"requirements": ["公告应明确成员人选要求（第七条）。"]})
    if not data.registration.strip():
        raise ValidationError({"registration": ["公告应明确报名方式、起始日期（第七条）。"]})
    with transaction.atomic():
        locked = Area.objects.select_for_update().get(pk=area.pk)
        if locked.committees.exclude(state=ch.CommitteeState.DISSOLVED).exists():
            raise ValidationError({"area": ["该物业管理区域已有组建中或履职中的物业管理委员会。"]})
        committee = case_create(
            model=Committee, actor=actor, reference_date=announced_on, region=area.region,
            organisation=area.street_office, trace=trace, start_deadlines=(),
            fields={"area": area, "trigger": data.trigger, "requirements": data.requirements,
                    "registration": data.registration},
        )
        start = _start_of(announced_on) if announced_on != timezone.localdate() else timezone.now()
        deadline_start(case=committee, spec=clocks.ESTABLISH, actor=actor, start=_start_of(announced_on))
        notice_publish(
            case=committee, title=f"关于{area.name}拟组建物业管理委员会的公告",
            content=f"根据《物业管理委员会组建运行办法（试行）》第六条、第七条，{area.street_office.name}拟在"
                    f"{area.name}组建物业管理委员会。\n成员人选要求：{data.requirements}\n报名方式及起始日期："
                    f"{data.registration}",
            places=places, amount=data.days, unit="days", rule_id=ch.NoticeKind.ANNOUNCEMENT, actor=actor,
            starts_at=start, min_places=2, on_close_transition="announcement_end",
        )
        transaction.on_commit(lambda: _queue_document(committee, "announcement", actor))
    return committee


NOMINATION_STATES = (ch.CommitteeState.ANNOUNCING, ch.CommitteeState.CANDIDATES, ch.CommitteeState.ESTABLISHED,
                     ch.CommitteeState.RUNNING)


@dataclass
class NominationInput:
    nominee_unit: str
    backer_units: list[str]
    self_nominated: bool = False
    consent_signed: bool = False


def _owners_by_unit(area: Area, numbers: Sequence[str]) -> dict[str, Owner]:
    return {o.unit.number: o for o in Owner.objects.filter(area=area, unit__number__in=list(numbers))
            .select_related("unit")}


def nomination_record(*, committee: Committee, actor: Any, data: NominationInput) -> Nomination:
    """业主代表推荐 (PROP-A10): the nominee and the backing owners by unit number. The nominee is not counted, a
    unit named twice counts once, and an owner who already backs another representative of this committee is
    refused by the unique index (one owner backs one representative). Fewer than 10 valid backers, or a joint
    nomination without the nominee's consent: nothing is saved."""
    if committee.state not in NOMINATION_STATES:
        raise ValidationError({"__all__": ["当前阶段不接受推荐。"]})
    numbers = list(dict.fromkeys(n.strip() for n in data.backer_units if n and n.strip()))
    owners = _owners_by_unit(committee.area, [data.nominee_unit.strip(), *numbers])
    nominee = owners.get(data.nominee_unit.strip())
    if nominee is None:
        raise ValidationError({"nominee_unit": [f"本小区没有房号“{data.nominee_unit}”的业主。"]})
    if nominee.unit.number in numbers:
        raise ValidationError({"backer_units": [f"被推荐人（{nominee.unit.number}）本人不能为自己联名，不计入联名业主"
                                                f"人数（第十条）。"]})
    unknown = [n for n in numbers if n not in owners]
    if unknown:
        raise ValidationError({"backer_units": ["以下房号不是本小区登记的业主：" + "、".join(unknown)]})
    trace = rules_evaluate(("PROP-A10",), {"backers": len(numbers), "self_nominated": data.self_nominated,
                                           "consent_signed": data.consent_signed}, on=committee.reference_date)
    _fail(trace, "backer_units")
    backers = [owners[n] for n in numbers]
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(committee=committee, nominee=nominee, recorded_by=actor,
                                                   self_nominated=data.self_nominated,
                                                   consent_signed=data.consent_signed)
            Backing.objects.bulk_create([Backing(nomination=nomination, committee=committee, nominee=nominee,
                                                 owner=o) for o in backers])
            audit_record(action="property.nomination", actor=actor, obj=committee,
                         summary=f"{committee.reference} 推荐{nominee.unit.number}，联名{len(backers)}户")
    except IntegrityError:
        taken = list(Backing.objects.filter(committee=committee, owner__in=backers)
                     .values_list("owner__unit__number", flat=True))
        if not taken:
            raise ValidationError({"nominee_unit": ["该业主已被推荐。"]}) from None
        raise ValidationError({"backer_units": [
            "以下业主已推选其他业主代表，一名业主只能推选一名业主代表（第十条）："
            + "、".join(sorted(taken))]}) from None
    return nomination


@dataclass
class MemberInput:
    kind: str
    name: str = ""
    role: str = ch.MemberRole.MEMBER
    occupation: str = ""
    address: str = ""
    is_party_member: bool = False
    pledge_signed: bool = False
    nomination: Nomination | None = None


def member_add(*, committee: Committee, actor: Any, data: MemberInput) -> Member:
    """Add a candidate (before the list is posted) or fill a vacancy (PROP-A17, after establishment) following
    第十条: residents' committee members as recommended; an owner representative only from a nomination that
    still has 10 valid backers."""
    filling = committee.state in (ch.CommitteeState.ESTABLISHED, ch.CommitteeState.RUNNING)
    if committee.state != ch.CommitteeState.CANDIDATES and not filling:
        raise ValidationError({"__all__": ["当前阶段不能增加成员：候选人在组建公告公示截止后确定（第十一条）。"]})
    fields: dict[str, Any] = {"kind": data.kind, "role": data.role, "occupation": data.occupation,
                              "address": data.address, "is_party_member": data.is_party_member,
                              "pledge_signed": data.pledge_signed, "name": data.name.strip()}
    if data.kind == ch.MemberKind.OWNER:
        nomination = data.nomination
        if nomination is None or nomination.committee_id != committee.pk:
            raise ValidationError({"nomination": ["业主代表须经第十条规定的推荐产生，请选择推荐记录。"]})
        trace = rules_evaluate(("PROP-A10",), {"backers": nomination.backings.count(),
                                               "self_nominated": nomination.self_nominated,
                                               "consent_signed": nomination.consent_signed},
                               on=committee.reference_date)
        _fail(trace, "nomination")
        owner = nomination.nominee
        fields.update(owner=owner, nomination=nomination, name=owner.name,
                      occupation=data.occupation or owner.occupation, address=data.address or owner.unit.number)
    elif not fields["name"]:
        raise ValidationError({"name": ["请填写姓名。"]})
    if filling:
        fields.update(status=ch.MemberStatus.ACTIVE, started_on=timezone.localdate())
    try:
        with transaction.atomic():
            member = Member.objects.create(committee=committee, **fields)
            audit_record(action="property.member_add", actor=actor, obj=committee,
                         summary=f"{committee.reference} {member.get_kind_display()} {member.name}")
    except IntegrityError:
        raise ValidationError({"nomination": ["该业主已是成员或候选人。"]}) from None
    return member


def member_withdraw(*, committee: Committee, member: Member, actor: Any) -> Member:
    """A candidate withdrawn before the list is (re-)posted, e.g. after an objection was upheld."""
    if committee.state != ch.CommitteeState.CANDIDATES or member.status != ch.MemberStatus.CANDIDATE:
        raise ValidationError({"__all__": ["只能在确定候选人阶段撤出候选人。"]})
    member.status = ch.MemberStatus.WITHDRAWN
    member.save(update_fields=["status"])
    audit_record(action="property.member_withdraw", actor=actor, obj=committee,
                 summary=f"{committee.reference} {member.name}")
    return member


def notice_post(*, committee: Committee, actor: Any, kind: str, title: str, content: str, places: Sequence[str],
                days: int, unit: str = "days", min_places: int = 1, on_close_transition: str = "",
                posted_on: date | None = None) -> PublicNotice:
    """A posting of the committee on the area's notice board (the engine's public notice with its places).
    ``posted_on``: the day the paper notice went up when it is recorded afterwards (its window counts from then)."""
    starts_at = None if posted_on is None or posted_on == timezone.localdate() else _start_of(posted_on)
    return notice_publish(case=committee, title=title, content=content, places=list(places), amount=days,
                          unit=unit, rule_id=kind, actor=actor, min_places=min_places,
                          on_close_transition=on_close_transition, starts_at=starts_at)


def posted_on_check(posted_on: date | None, *, earliest: date, what: str) -> None:
    """A posting recorded afterwards went up between ``earliest`` and today."""
    if posted_on is not None and not earliest <= posted_on <= timezone.localdate():
        raise ValidationError({"posted_on": [f"{what}张贴日期应在{earliest}至今天之间。"]})


def _queue_document(committee: Committee, kind: str, actor: Any, meeting: Meeting | None = None) -> None:
    from .tasks import committee_document

    key = f"property-{committee.pk}-{kind}" + (f"-m{meeting.pk}" if meeting else "")
    committee_document.delay(committee.pk, kind, key, getattr(actor, "pk", None), meeting.pk if meeting else None)


# --- Public objections with an SMS code -----------------------------------------------------------------------
def sms_send(*, phone: str, text: str) -> None:
    """The SMS sender. No gateway is configured in this deployment: messages go to the outbox table
    (``PROPERTY_SMS_BACKEND = "outbox"``), which a gateway integration would read and deliver."""
    SmsMessage.objects.create(phone=phone, text=text)


def _hash(code: str, owner_id: int, notice_id: int) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{owner_id}:{notice_id}:{code}".encode(), hashlib.sha256).hexdigest()


def objectable(notice: PublicNotice) -> bool:
    """Objections are taken on the member list while it is posted (第十二条)."""
    return notice.rule_id == ch.NoticeKind.MEMBER_LIST and notice.status == NoticeStatus.OPEN \
        and notice.starts_at <= timezone.now() <= notice.ends_at


def _window_error(notice: PublicNotice) -> ValidationError:
    return ValidationError({"__all__": [
        "异议应在成员名单公示期内书面提出（{}至{}），该公示已结束或不接受异议（第十二条）。".format(
            timezone.localtime(notice.starts_at).strftime("%Y-%m-%d"),
            timezone.localtime(notice.ends_at).strftime("%Y-%m-%d %H:%M"))]})


def _committee_of(notice: PublicNotice) -> Committee:
    return Committee.objects.select_related("area").get(pk=notice.object_id)


def objection_code_request(*, notice: PublicNotice, unit_number: str) -> str:
    """Send a 6-digit code to the phone on record for the owner of ``unit_number``; returns the masked phone.
    Three codes per owner and posting per hour."""
    if not objectable(notice):
        raise _window_error(notice)
    committee = _committee_of(notice)
    owner = Owner.objects.filter(area=committee.area, unit__number=unit_number.strip()).first()
    if owner is None or not owner.phone:
        raise ValidationError({"unit_number": [
            "未找到该房号登记的业主手机号码，请携带房产证明到街道办事处书面提出异议。"]})
    recent = VerificationCode.objects.filter(owner=owner, notice=notice,
                                             created_at__gte=timezone.now() - timedelta(hours=1)).count()
    if recent >= CODES_PER_HOUR:
        raise ValidationError({"unit_number": ["验证码发送过于频繁，请一小时后再试。"]})
    code = f"{secrets.randbelow(10 ** 6):06d}"
    VerificationCode.objects.create(owner=owner, notice=notice, code_hash=_hash(code, owner.pk, notice.pk),
                                    expires_at=timezone.now() + timedelta(minutes=CODE_MINUTES))
    sender = committee.area.street_office.short_name or "街道办"
    sms_send(phone=owner.phone, text=f"【{sender}】您正在对{committee.area.name}物业管理委员会成员名单提出异议，"
                                     f"验证码{code}，{CODE_MINUTES}分钟内有效。")
    return mask_phone(owner.phone)


def objection_file(*, notice: PublicNotice, unit_number: str, code: str, content: str) -> Objection:
    """A written objection by an owner through the public page: the unit's owner proves it with the code sent to
    the phone on record. Received only during the list posting; its 5-day check clock starts (第十二条)."""
    if not objectable(notice):
        raise _window_error(notice)
    if not content.strip():
        raise ValidationError({"content": ["请填写异议内容及理由。"]})
    committee = _committee_of(notice)
    owner = Owner.objects.filter(area=committee.area, unit__number=unit_number.strip()).select_related("unit").first()
    with transaction.atomic():
        vc = None if owner is None else VerificationCode.objects.select_for_update().filter(
            owner=owner, notice=notice, used_at__isnull=True, expires_at__gt=timezone.now()).order_by("-id").first()
        if vc is None or vc.attempts >= CODE_MAX_TRIES:
            raise ValidationError({"code": ["验证码无效或已过期，请重新获取。"]})
        ok = hmac.compare_digest(vc.code_hash, _hash(code.strip(), owner.pk, notice.pk))
        if ok:
            vc.used_at = timezone.now()
            vc.save(update_fields=["used_at"])
        else:
            VerificationCode.objects.filter(pk=vc.pk).update(attempts=vc.attempts + 1)
    if not ok:  # the failed try is counted (committed) before the error is raised
        raise ValidationError({"code": ["验证码不正确。"]})
    return _objection_receive(committee=committee, notice=notice, objector=f"{owner.unit.number} 业主{owner.name}",
                              contact=mask_phone(owner.phone), content=content.strip(), actor=None)


def _objection_receive(*, committee: Committee, notice: PublicNotice, objector: str, contact: str, content: str,
                       actor: Any) -> Objection:
    with transaction.atomic():
        objection = objection_receive(notice=notice, objector=objector, contact=contact, content=content)
        deadline_start(case=committee, spec=clocks.objection_check(objection.pk), start=objection.received_at,
                       title=f"{committee.area.name} 异议核查（{objector[:20]}）")
        audit_record(action="property.objection", actor=actor, obj=committee,
                     summary=f"{committee.reference} 异议 {objector[:20]}")
    return objection


def objection_record(*, committee: Committee, actor: Any, objector: str, content: str, contact: str = "") -> Objection:
    """A written objection handed in at the street office (第十二条: 书面提出) during the list posting, recorded by
    its clerk; its 5-day check clock starts as for one filed online."""
    notice = list_notice(committee)
    if notice is None or not objectable(notice):
        raise _window_error(notice) if notice is not None else ValidationError(
            {"__all__": ["成员名单尚未公示（第十二条）。"]})
    if not objector.strip() or not content.strip():
        raise ValidationError({"content": ["请填写异议人及异议内容。"]})
    return _objection_receive(committee=committee, notice=notice, objector=objector.strip(),
                              contact=mask_phone(contact.strip()) if contact.strip() else "", content=content.strip(),
                              actor=actor)


def objection_answer(*, committee: Committee, objection: Objection, outcome: str, handling: str,
                     places: Sequence[str], actor: Any, member: Member | None = None) -> Objection:
    """核查异议 (第十二条): record the result, post it (≥ 7 days), stop its 5-day clock. An upheld objection
    withdraws the member it concerns (replaced under 第十条 and the list re-posted); when the list posting is over
    and every objection was found unfounded, the committee is established from the day the result is posted."""
    notice = objection.notice
    if notice.object_id != committee.pk or notice.rule_id != ch.NoticeKind.MEMBER_LIST:
        raise ValidationError({"__all__": ["异议不属于该物业管理委员会。"]})
    if objection.outcome != ObjectionOutcome.PENDING:
        raise ValidationError({"__all__": ["该异议已核查。"]})
    if outcome == ObjectionOutcome.UPHELD and member is None:
        raise ValidationError({"member": ["异议成立的，请选择撤出的成员。"]})
    with transaction.atomic():
        objection_handle(objection=objection, outcome=outcome, handling=handling, actor=actor)
        label = "成立" if outcome == ObjectionOutcome.UPHELD else "不成立"
        notice_post(committee=committee, actor=actor, kind=ch.NoticeKind.CHECK_RESULT,
                    title=f"{committee.area.name}物业管理委员会成员名单异议核查结果公示",
                    content=f"对成员名单提出的异议，经核查，异议{label}。{handling}", places=places, days=7)
        deadlines_close(case=committee, kinds=[f"objection-{objection.pk}"], met=True)
        if member is not None and outcome == ObjectionOutcome.UPHELD:
            member.status = ch.MemberStatus.WITHDRAWN
            member.save(update_fields=["status"])
        audit_record(action="property.objection_answer", actor=actor, obj=committee,
                     summary=f"{committee.reference} 异议{label}")
    committee.refresh_from_db()
    facts = establishment_facts(committee)
    if committee.state == ch.CommitteeState.LIST_POSTED and facts["list_closed"] and not facts["pending"] \
            and not facts["upheld"] and not facts["unposted_results"]:
        transition_perform(case=committee, name="establish", actor=actor,
                           comment="经核查异议不成立，自核查结果公示之日起正式成立（第十二条）")
    return objection


# --- Meetings ------------------------------------------------------------------------------------------------------
@dataclass
class MeetingInput:
    kind: str
    held_on: date
    subject: str
    decision: str
    attendance: dict[int, str]            # member id -> Presence
    signed: set[int] = field(default_factory=set)
    reserved_to_owners: bool = False
    proposers: int = 0
    proposed_by_director: bool = False


MEETING_RULES = ("PROP-A15-QUORUM", "PROP-A15-SIGN", "PROP-A15-OWNERS")


def meeting_record(*, committee: Committee, actor: Any, data: MeetingInput) -> Meeting:
    """Record a meeting held (第十五条) with every serving member's attendance and signature. An owner
    representative's proxy and an extra meeting nobody lawfully proposed are refused (nothing saved); quorum and
    signatures are judged when the decision is adopted, and shown on the meeting at once."""
    if committee.state not in (ch.CommitteeState.ESTABLISHED, ch.CommitteeState.RUNNING):
        raise ValidationError({"__all__": ["物业管理委员会成立后方可召开会议。"]})
    members = {m.pk: m for m in committee.members.filter(status=ch.MemberStatus.ACTIVE)}
    missing = [m.name for pk, m in members.items() if pk not in data.attendance]
    if missing or set(data.attendance) - set(members):
        raise ValidationError({"attendance": ["请逐一登记每名在任成员的出席情况：" + "、".join(missing)]})
    if data.held_on > timezone.localdate():
        raise ValidationError({"held_on": ["召开日期不能晚于今天。"]})
    if not data.decision.strip():
        raise ValidationError({"decision": ["请填写决定事项。"]})
    proxies = [members[pk].name for pk, p in data.attendance.items()
               if p == ch.Presence.PROXY and members[pk].is_owner_rep]
    absent_signers = [members[pk].name for pk in data.signed if data.attendance.get(pk) == ch.Presence.ABSENT]
    if absent_signers:
        raise ValidationError({"signed": ["缺席成员不能签字：" + "、".join(absent_signers)]})
    facts = {"owner_rep_proxies": proxies, "kind": data.kind, "proposed_by_director": data.proposed_by_director,
             "proposers": data.proposers, "members_total": len(members)}
    trace = rules_evaluate(("PROP-A15-PROXY", "PROP-A15-EXTRA"), facts, on=data.held_on)
    _fail(trace, "attendance" if proxies else "proposers")
    with transaction.atomic():
        locked = Committee.objects.select_for_update().get(pk=committee.pk)
        number = (locked.meetings.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        meeting = record_create(model=Meeting, actor=actor, trace=trace, start_deadlines=(clocks.DECISION_POST,),
                                label="登记会议", fields={
                                    "committee": locked, "number": number, "kind": data.kind,
                                    "held_on": data.held_on, "subject": data.subject, "decision": data.decision,
                                    "reserved_to_owners": data.reserved_to_owners, "proposers": data.proposers,
                                    "proposed_by_director": data.proposed_by_director})
        Attendance.objects.bulk_create([Attendance(meeting=meeting, member=members[pk], presence=p,
                                                   signed=pk in data.signed) for pk, p in data.attendance.items()])
        # What the decision will be judged by, shown on the meeting page from the start.
        meeting.rule_trace = list(trace) + list(rules_evaluate(MEETING_RULES, meeting_facts(meeting), on=data.held_on))
        meeting.save(update_fields=["rule_trace"])
        if data.kind == ch.MeetingKind.REGULAR:
            deadlines_close(case=locked, kinds=[clocks.MEETING.kind], met=True)
            deadline_start(case=locked, spec=clocks.MEETING, actor=actor, start=_start_of(data.held_on))
    return meeting


def committee_for_notice(notice: PublicNotice) -> Committee | None:
    return Committee.objects.filter(pk=notice.object_id).select_related("area").first()

