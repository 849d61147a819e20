"""Who sees and does what (one scope and one policy per action):

- A street office / township government (街道办事处、乡镇人民政府) sees and runs the areas and committees it forms
  (第四条): formation, postings, objection checks, filing, memberships, meetings it records for the committee,
  orders to correct and revocations. Its staff (clerk, approver, head) act.
- The county property department (县级物业行政主管部门, a housing department) and the departments above see
  every area and committee in their region (watch, are informed of filings: 第十三条), and act on none.
- Owners act only through the public notice board (no account).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gazette.orgs.choices import OrganisationType
from gazette.permissions import jurisdiction_q, policy, scope, user_has_role

from .models import Area, Committee, Meeting

STAFF = ("clerk", "approver", "head")


def _org(user):
    return getattr(user, "organisation", None)


def is_street_office(user) -> bool:
    org = _org(user)
    return user.is_superuser or (org is not None and org.type == OrganisationType.STREET_OFFICE)


def is_property_side(user) -> bool:
    org = _org(user)
    return user.is_superuser or (org is not None and org.type in (OrganisationType.STREET_OFFICE,
                                                                  OrganisationType.HOUSING_DEPARTMENT))


def _q(user, office_field: str, region_field: str) -> Q | None:
    org = _org(user)
    if org is None:
        return None
    if org.type == OrganisationType.STREET_OFFICE:
        return Q(**{office_field: org})
    if org.type == OrganisationType.HOUSING_DEPARTMENT:
        return jurisdiction_q(user, region_field=region_field)
    return None


@scope("property.area")
def areas_visible_to(user) -> QuerySet[Area]:
    if user.is_superuser:
        return Area.objects.all()
    q = _q(user, "street_office", "region")
    return Area.objects.filter(q) if q is not None else Area.objects.none()


@scope("property.committee")
def committees_visible_to(user) -> QuerySet[Committee]:
    if user.is_superuser:
        return Committee.objects.all()
    q = _q(user, "organisation", "region")
    return Committee.objects.filter(q) if q is not None else Committee.objects.none()


@scope("property.meeting")
def meetings_visible_to(user) -> QuerySet[Meeting]:
    if user.is_superuser:
        return Meeting.objects.all()
    q = _q(user, "committee__organisation", "committee__region")
    return Meeting.objects.filter(q) if q is not None else Meeting.objects.none()


def _office_staff(user, organisation_id: int) -> bool:
    org = _org(user)
    return user_has_role(user, *STAFF) and org is not None and org.pk == organisation_id \
        and org.type == OrganisationType.STREET_OFFICE


@policy("property.area", "view")
def can_view_area(user, area) -> bool:
    return areas_visible_to(user).filter(pk=area.pk).exists()


@policy("property.area", "edit")
def can_edit_area(user, area) -> bool:
    return _office_staff(user, area.street_office_id)


@policy("property.committee", "view")
def can_view_committee(user, committee) -> bool:
    return committees_visible_to(user).filter(pk=committee.pk).exists()


def can_run_committee(user, committee) -> bool:
    return _office_staff(user, committee.organisation_id)


for _action in ("fix_candidates", "establish", "list_repost", "file", "member_end", "change_file", "handover",
                "post_accounts", "post_fees", "dissolve", "edit", "upload", "record_meeting"):
    policy("property.committee", _action)(can_run_committee)


@policy("property.meeting", "view")
def can_view_meeting(user, meeting) -> bool:
    return meetings_visible_to(user).filter(pk=meeting.pk).exists()


def can_run_meeting(user, meeting) -> bool:
    return _office_staff(user, meeting.committee.organisation_id)


for _action in ("adopt", "refuse", "order_correction", "mark_corrected", "revoke"):
    policy("property.meeting", _action)(can_run_meeting)
