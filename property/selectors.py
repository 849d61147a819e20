"""Reads: facts for the rules, the regulation's status for a case, the public notice board."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gazette.notices.models import ObjectionOutcome, PublicNotice
from gazette.rules.choices import RegulationStatus
from gazette.rules.services import REGULATIONS

from . import choices as ch
from .models import Area, Attendance, Committee, Meeting, Member

REGULATION_CODE = "PROP-2022"


def regulation_status(day: date) -> dict[str, Any]:
    """191号's status on ``day`` (a case's reference date) for display: lapsed unless an administrator recorded an
    extension applying from a date on or before ``day``."""
    regulation = REGULATIONS.get().get(REGULATION_CODE)
    if regulation is None:
        return {"status": RegulationStatus.IN_FORCE, "lapsed": False, "label": "", "regulation": None}
    status = regulation.status_on(day)
    return {"status": status, "lapsed": status in (RegulationStatus.LAPSED, RegulationStatus.SUPERSEDED),
            "label": RegulationStatus(status).label, "regulation": regulation, "day": day,
            "expires_on": regulation.expires_on}


def area_facts(area: Area) -> dict[str, Any]:
    return {"has_owners_committee": area.has_owners_committee, "is_residential": area.is_residential,
            "delivery_started": area.delivery_started, "delivered_area": area.delivered_area,
            "total_area": area.total_area, "assembly_conditions_met": area.assembly_conditions_met,
            "assembly_formed": area.assembly_formed, "assembly_failed_election": area.assembly_failed_election}


def current_members(committee: Committee) -> QuerySet[Member]:
    """Candidates before establishment, serving members after (PROP-A17: counts use the current members)."""
    status = ch.MemberStatus.CANDIDATE if committee.state in (
        ch.CommitteeState.ANNOUNCING, ch.CommitteeState.CANDIDATES, ch.CommitteeState.LIST_POSTED) \
        else ch.MemberStatus.ACTIVE
    return committee.members.filter(status=status)


def composition_facts(committee: Committee) -> dict[str, Any]:
    members = list(current_members(committee))
    return {
        "members": len(members), "owner_reps": sum(1 for m in members if m.is_owner_rep),
        "unsigned": [m.name for m in members if not m.pledge_signed],
        "directors": [{"kind": m.kind, "is_party_member": m.is_party_member} for m in members
                      if m.role == ch.MemberRole.DIRECTOR],
        "deputies": [{"kind": m.kind, "is_party_member": m.is_party_member} for m in members
                     if m.role == ch.MemberRole.DEPUTY],
    }


def committee_notices(committee: Committee) -> QuerySet[PublicNotice]:
    ct = ContentType.objects.get_for_model(Committee)
    return PublicNotice.objects.filter(content_type=ct, object_id=committee.pk).prefetch_related("places")


def list_notice(committee: Committee) -> PublicNotice | None:
    """The latest member-list posting (PROP-A12)."""
    return committee_notices(committee).filter(rule_id=ch.NoticeKind.MEMBER_LIST).order_by("-starts_at", "-id").first()


def establishment_facts(committee: Committee) -> dict[str, Any]:
    notice = list_notice(committee)
    if notice is None:
        return {"list_closed": False, "pending": 0, "upheld": 0, "unposted_results": 0}
    counts = notice.objections.aggregate(
        pending=Count("id", filter=Q(outcome=ObjectionOutcome.PENDING)),
        upheld=Count("id", filter=Q(outcome=ObjectionOutcome.UPHELD)),
        rejected=Count("id", filter=Q(outcome=ObjectionOutcome.REJECTED)))
    results = committee_notices(committee).filter(rule_id=ch.NoticeKind.CHECK_RESULT,
                                                  starts_at__gte=notice.starts_at).count()
    return {"list_closed": notice.status != "open", "pending": counts["pending"], "upheld": counts["upheld"],
            "unposted_results": max(0, counts["rejected"] - results)}


def establishment_day(committee: Committee) -> date:
    """第十二条第二款: the day the list posting ends, or the day the (last) check result is posted when later."""
    notice = list_notice(committee)
    if notice is None:
        return timezone.localdate()
    day = timezone.localdate(min(notice.ends_at, timezone.now()))
    last = committee_notices(committee).filter(rule_id=ch.NoticeKind.CHECK_RESULT,
                                               starts_at__gte=notice.starts_at).order_by("-starts_at").first()
    if last is not None:
        day = max(day, timezone.localdate(last.starts_at))
    return day


def meeting_facts(meeting: Meeting) -> dict[str, Any]:
    """Counts for 第十五条 from the attendance: proxies count as attendance for members who are not owner
    representatives; an owner representative's proxy is refused before it gets here."""
    rows = list(meeting.attendance.select_related("member"))
    owner_rows = [a for a in rows if a.member.is_owner_rep]
    attending = [a for a in rows if a.presence != ch.Presence.ABSENT]
    return {
        "members_total": len(rows), "present": len(attending),
        "owner_reps_total": len(owner_rows),
        "owner_reps_present": sum(1 for a in owner_rows if a.presence == ch.Presence.PRESENT),
        "signed": sum(1 for a in rows if a.signed),
        "reserved_to_owners": meeting.reserved_to_owners,
        "owner_rep_proxies": [a.member.name for a in owner_rows if a.presence == ch.Presence.PROXY],
        "kind": meeting.kind, "proposed_by_director": meeting.proposed_by_director, "proposers": meeting.proposers,
        "correction_due": meeting.correction_due, "today": timezone.localdate(),
    }


def absences_in_year(member: Member, *, on: date) -> tuple[int, int]:
    """(absences, meetings) of ``member`` in the 12 months before ``on`` (PROP-A16 第（七）项)."""
    since = on - timedelta(days=365)
    rows = Attendance.objects.filter(member=member, meeting__held_on__gt=since, meeting__held_on__lte=on)
    counts = rows.aggregate(total=Count("id"), absent=Count("id", filter=Q(presence=ch.Presence.ABSENT)))
    return counts["absent"], counts["total"]


def board_notices(*, area: Area | None = None, search: Q | None = None) -> QuerySet[PublicNotice]:
    """Every posting of the committees (open and past) for the public 公示栏, newest first."""
    ct = ContentType.objects.get_for_model(Committee)
    qs = PublicNotice.objects.filter(content_type=ct)
    if area is not None:
        qs = qs.filter(object_id__in=Committee.objects.filter(area=area).values("pk"))
    if search is not None:
        qs = qs.filter(search)
    return qs
