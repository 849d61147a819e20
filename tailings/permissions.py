"""Who sees and does what (one scope per model, one policy per action):

- An operator (生产经营单位, an enterprise) sees its own facilities and everything hanging on them; its staff file,
  report and rectify.
- An emergency-management department sees the facilities in its region subtree (分类分级: the county sees its
  county, the city its city, the province everything) and those it supervises; its approvers and heads review,
  approve, license, consent to extensions, order and verify rectification; its clerks also acknowledge alarms,
  register dangers and keep the 包保 ledgers.
- Public reports are seen and handled by the department they were sent to and departments above it.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gazette.orgs.choices import OrganisationType
from gazette.permissions import jurisdiction_q, policy, scope, user_has_role

from .models import Alarm, Facility, HiddenDanger, PublicReport

STAFF = ("clerk", "approver", "head")
DECIDERS = ("approver", "head")


def _org(user):
    return getattr(user, "organisation", None)


def is_department(user) -> bool:
    org = _org(user)
    return org is not None and org.type == OrganisationType.EMERGENCY_MANAGEMENT


def is_operator(user) -> bool:
    org = _org(user)
    return org is not None and org.type == OrganisationType.ENTERPRISE


def is_tailings_side(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(getattr(user, "is_superuser", False) or is_department(user) or is_operator(user))


@scope("tailings.facility")
def facilities_visible_to(user) -> QuerySet[Facility]:
    if user.is_superuser:
        return Facility.objects.all()
    org = _org(user)
    if org is None:
        return Facility.objects.none()
    if org.type == OrganisationType.EMERGENCY_MANAGEMENT:
        return Facility.objects.filter(Q(supervisor=org) | jurisdiction_q(user))
    return Facility.objects.filter(organisation=org)


def _sees(user, facility) -> bool:
    return facilities_visible_to(user).filter(pk=facility.pk).exists()


def is_facility_operator(user, facility) -> bool:
    return user_has_role(user, *STAFF) and _org(user) is not None and _org(user).pk == facility.organisation_id


def is_supervising(user, facility, *roles) -> bool:
    """Staff (with ``roles``) of an emergency-management department whose reach includes the facility."""
    return (user_has_role(user, *(roles or STAFF)) and is_department(user) and _sees(user, facility))


@policy("tailings.facility", "view")
def can_view(user, facility) -> bool:
    return _sees(user, facility)


for _name in ("submit_design", "record_design_change", "file_trial_plan", "finish_trial_run", "link_monitoring",
              "record_operating_change", "report_drill", "report_flood_routing", "suspend", "resume"):
    policy("tailings.facility", _name)(is_facility_operator)


@policy("tailings.facility", "edit")
def can_edit(user, facility) -> bool:
    return is_facility_operator(user, facility) or is_supervising(user, facility)


@policy("tailings.facility", "start_closure")
def can_start_closure(user, facility) -> bool:
    return is_facility_operator(user, facility) or is_supervising(user, facility, *DECIDERS)


for _name in ("approve_design", "return_design", "grant_licence", "renew_licence", "start_reclamation",
              "finish_reclamation", "file_closure_design", "extend_closure", "close_out", "name_supervisor",
              "record_land_reclamation"):
    policy("tailings.facility", _name)(lambda user, facility: is_supervising(user, facility, *DECIDERS))


@policy("tailings.facility", "register_danger")
@policy("tailings.facility", "inspect")
def can_supervise(user, facility) -> bool:
    return is_supervising(user, facility) or is_facility_operator(user, facility)


@scope("tailings.alarm")
def alarms_visible_to(user) -> QuerySet[Alarm]:
    return Alarm.objects.filter(facility__in=facilities_visible_to(user))


@policy("tailings.alarm", "view")
def can_view_alarm(user, alarm) -> bool:
    return _sees(user, alarm.facility)


@policy("tailings.alarm", "acknowledge")
def can_acknowledge(user, alarm) -> bool:
    return is_supervising(user, alarm.facility)


@scope("tailings.hiddendanger")
def dangers_visible_to(user) -> QuerySet[HiddenDanger]:
    return HiddenDanger.objects.filter(facility__in=facilities_visible_to(user))


@policy("tailings.hiddendanger", "view")
def can_view_danger(user, danger) -> bool:
    return _sees(user, danger.facility)


@policy("tailings.hiddendanger", "order")
@policy("tailings.hiddendanger", "verify")
@policy("tailings.hiddendanger", "reject")
def can_order(user, danger) -> bool:
    return is_supervising(user, danger.facility, *DECIDERS)


@policy("tailings.hiddendanger", "rectify")
def can_rectify(user, danger) -> bool:
    return is_facility_operator(user, danger.facility)


@scope("tailings.publicreport")
def reports_visible_to(user) -> QuerySet[PublicReport]:
    if user.is_superuser:
        return PublicReport.objects.all()
    if not is_department(user):
        return PublicReport.objects.none()
    return PublicReport.objects.filter(Q(organisation=_org(user)) | jurisdiction_q(user))


@policy("tailings.publicreport", "view")
def can_view_report(user, report) -> bool:
    return reports_visible_to(user).filter(pk=report.pk).exists()


@policy("tailings.publicreport", "handle")
@policy("tailings.publicreport", "refer")
def can_handle_report(user, report) -> bool:
    return user_has_role(user, *STAFF) and _org(user) is not None and _org(user).pk == report.organisation_id
