"""Who sees and does what with clues: one scope, one policy per action (STYLE: permissions in one place).

- A member unit sees the clues it registered or handles; a lead department also sees every clue in its region
  subtree (its jurisdiction, COLL-A33), and the clues it arbitrates.
- The unit that currently handles a clue (``organisation``: the registering unit until the disposal application,
  then the lead department) takes its steps; opening is decided by lead-department approvers or heads, and the
  COLL-A34 guard tells a wrong-level decider who is competent.
- Reporter identity (COLL-A25) is visible to the registering unit only.
- A measure is seen with its clue; the handling unit's staff execute it, the head (主要负责人) of the handling lead
  department approves or refuses it (the requester never: the workflow's separation of duties).
- A quarterly report is seen by the unit that owes it, the lead department it is addressed to and lead departments
  above; the owing unit's staff submit it. A warning talk / rectification order is seen and closed by its issuer.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gazette.orgs.choices import OrganisationType
from gazette.permissions import jurisdiction_q, policy, scope, user_has_role

from .models import Clue, Measure, MonitoringUpload, RiskReport, SupervisionAction

STAFF = ("clerk", "approver", "head")
DECIDERS = ("approver", "head")


def _org(user):
    return getattr(user, "organisation", None)


def is_lead(user) -> bool:
    org = _org(user)
    return org is not None and org.type == OrganisationType.FUNDRAISING_LEAD


@scope("collection.clue")
def clues_visible_to(user) -> QuerySet[Clue]:
    if user.is_superuser:
        return Clue.objects.all()
    org = _org(user)
    if org is None:
        return Clue.objects.none()
    q = (Q(registering_organisation=org) | Q(organisation=org) | Q(lead_department=org)
         | Q(dispute_arbiter=org) | Q(dispute_with=org))
    if org.type == OrganisationType.FUNDRAISING_LEAD:
        q |= jurisdiction_q(user)
    return Clue.objects.filter(q)


def _visible(user, clue) -> bool:
    return clues_visible_to(user).filter(pk=clue.pk).exists()


@policy("collection.clue", "view")
def can_view(user, clue) -> bool:
    return _visible(user, clue)


def can_handle(user, clue) -> bool:
    """The handling unit's staff."""
    return user_has_role(user, *STAFF) and _org(user) is not None and _org(user).pk == clue.organisation_id


for _action in ("verify_start", "refer", "close_unfounded", "apply_disposal", "submit_report", "start_disposal",
                "close_not_illegal", "start_refunds", "refer_criminal", "archive", "edit", "upload"):
    policy("collection.clue", _action)(can_handle)


@policy("collection.clue", "open")
@policy("collection.clue", "decline")
@policy("collection.clue", "escalate_dispute")
def can_decide(user, clue) -> bool:
    return user_has_role(user, *DECIDERS) and is_lead(user) and _visible(user, clue)


@policy("collection.clue", "assign_jurisdiction")
def can_arbitrate(user, clue) -> bool:
    return user_has_role(user, *DECIDERS) and _org(user) is not None and _org(user).pk == clue.dispute_arbiter_id


def can_approve_measure(user, clue) -> bool:
    """主要负责人 (head) of the handling lead department (COLL-A36/A40)."""
    return user_has_role(user, "head") and _org(user) is not None and _org(user).pk == clue.organisation_id


@scope("collection.measure")
def measures_visible_to(user) -> QuerySet[Measure]:
    """The measures of the clues the user sees."""
    if user.is_superuser:
        return Measure.objects.all()
    return Measure.objects.filter(clue__in=clues_visible_to(user))


@policy("collection.measure", "view")
def can_view_measure(user, measure) -> bool:
    return _visible(user, measure.clue)


@policy("collection.measure", "approve")
@policy("collection.measure", "refuse")
def can_decide_measure(user, measure) -> bool:
    """The head of the department that decides the measure: the handling lead department, or for an exit restriction
    of a county case the city lead department above it (第四十条第四项)."""
    if not measure.needs_higher_decision:
        return can_approve_measure(user, measure.clue)
    decider = measure.deciding_department
    return (decider is not None and user_has_role(user, "head") and _org(user) is not None
            and _org(user).pk == decider.pk)


@policy("collection.measure", "execute")
def can_execute_measure(user, measure) -> bool:
    return can_handle(user, measure.clue)


@policy("collection.clue", "reporter_view")
def can_see_reporter(user, clue) -> bool:
    """COLL-A25: only the registering unit knows who reported."""
    return _org(user) is not None and _org(user).pk == clue.registering_organisation_id


@policy("collection.clue", "reward")
def can_record_reward(user, clue) -> bool:
    return user_has_role(user, *STAFF) and can_see_reporter(user, clue)


@scope("collection.monitoringupload")
def uploads_visible_to(user) -> QuerySet[MonitoringUpload]:
    if user.is_superuser:
        return MonitoringUpload.objects.all()
    org = _org(user)
    if org is None:
        return MonitoringUpload.objects.none()
    reach = jurisdiction_q(user, region_field="organisation__region") if is_lead(user) else Q(pk=None)
    return MonitoringUpload.objects.filter(Q(organisation=org) | reach)


COLLECTION_ORG_TYPES = (
    OrganisationType.FUNDRAISING_LEAD, OrganisationType.FUNDRAISING_MEMBER, OrganisationType.SECTOR_REGULATOR,
    OrganisationType.RESIDENTS_COMMITTEE, OrganisationType.STREET_OFFICE,
)


def is_collection_side(user) -> bool:
    """Staff of the illegal-fundraising mechanism's units (the pages' navigation is shown to them)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    org = _org(user)
    return org is not None and org.type in COLLECTION_ORG_TYPES


def can_monitor(user) -> bool:
    return user_has_role(user, *STAFF) and _org(user) is not None and _org(user).type in (
        OrganisationType.FUNDRAISING_LEAD, OrganisationType.FUNDRAISING_MEMBER, OrganisationType.SECTOR_REGULATOR)


@policy("collection.monitoringupload", "view")
def can_view_upload(user, upload) -> bool:
    return uploads_visible_to(user).filter(pk=upload.pk).exists()


@policy("collection.monitoringupload", "to_clue")
def can_make_clue(user, upload) -> bool:
    return can_monitor(user) and can_view_upload(user, upload)


@scope("collection.riskreport")
def reports_visible_to(user) -> QuerySet[RiskReport]:
    """A regulator sees its own reports; a lead department those addressed to it or within its region."""
    if user.is_superuser:
        return RiskReport.objects.all()
    org = _org(user)
    if org is None:
        return RiskReport.objects.none()
    q = Q(organisation=org) | Q(lead_department=org)
    if org.type == OrganisationType.FUNDRAISING_LEAD:
        q |= jurisdiction_q(user, region_field="organisation__region")
    return RiskReport.objects.filter(q)


@policy("collection.riskreport", "view")
def can_view_report(user, report) -> bool:
    return reports_visible_to(user).filter(pk=report.pk).exists()


@policy("collection.riskreport", "submit")
def can_submit_report(user, report) -> bool:
    """The unit that owes the report submits it (第二十三条)."""
    return user_has_role(user, *STAFF) and _org(user) is not None and _org(user).pk == report.organisation_id


@scope("collection.supervisionaction")
def supervision_visible_to(user) -> QuerySet[SupervisionAction]:
    """Warning talks and rectification orders of the user's own unit."""
    if user.is_superuser:
        return SupervisionAction.objects.all()
    org = _org(user)
    if org is None:
        return SupervisionAction.objects.none()
    return SupervisionAction.objects.filter(organisation=org)


@policy("collection.supervisionaction", "view")
def can_view_supervision(user, action) -> bool:
    return supervision_visible_to(user).filter(pk=action.pk).exists()


@policy("collection.supervisionaction", "complete")
def can_complete_supervision(user, action) -> bool:
    return user_has_role(user, *STAFF) and _org(user) is not None and _org(user).pk == action.organisation_id
