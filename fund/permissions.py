"""Who sees and does what in the fund app: one scope and one policy per action.

- A hospital user sees only the applications of its own hospital (an outsider's or another hospital's: 404).
- The fund manager (救助基金管理人, provincial) sees every application and performs the manager's actions.
- Joint-meeting offices and the joint meeting see the applications in their jurisdiction plus those they are named
  to approve or to settle a dispute for (an expressway unit or the provincial office may sit outside the region).
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q

from gazette.orgs.choices import OrganisationType as T
from gazette.permissions import jurisdiction_codes, jurisdiction_q, policy, scope, user_has_role

from .choices import ApplicationState as S
from .models import Application

OFFICE_TYPES = {T.FUND_OFFICE, T.FUND_JOINT_MEETING, T.TRAFFIC_POLICE, T.FINANCE}


def _org_type(user) -> str:
    org = getattr(user, "organisation", None)
    return org.type if org is not None else ""


def is_hospital_user(user) -> bool:
    return _org_type(user) == T.HOSPITAL and user_has_role(user, "hospital")


def is_manager_clerk(user) -> bool:
    return _org_type(user) == T.FUND_MANAGER and user_has_role(user, "clerk", "head")


def is_clerk_side(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or _org_type(user) in OFFICE_TYPES | {T.FUND_MANAGER,
                                                                                         T.RECOVERY_TRUSTEE}


@scope("fund.application")
def applications_visible_to(user):
    qs = Application.objects.all()
    if getattr(user, "is_superuser", False):
        return qs
    org_type = _org_type(user)
    if org_type == T.HOSPITAL:
        return qs.filter(hospital_id=user.organisation_id) if user_has_role(user, "hospital") else qs.none()
    if org_type in (T.FUND_MANAGER, T.FUND_JOINT_MEETING) or (
        org_type == T.FINANCE and user.organisation.region.level == "province"
    ):
        return qs
    if org_type == T.RECOVERY_TRUSTEE:
        # Need to know (FUND-A31): the trustee sees the applications whose recovery was handed to it, nothing else.
        return qs.filter(recovery__organisation_id=user.organisation_id)
    if org_type in (T.FUND_OFFICE, T.TRAFFIC_POLICE):
        return qs.filter(reduce(or_, office_scope_branches(user)))
    return qs.none()


OFFICE_BRANCHES_MAX_REGIONS = 32  # a city's office: one branch per county; a province-wide office: one IN filter


def office_scope_branches(user) -> list[Q] | None:
    """What a joint-meeting office or the traffic police see, as filters whose union is their scope: one per region
    of their jurisdiction, the cases their office is named to approve, those it is named to settle. ``None`` for
    every other user (their scope is one filter or none).

    Each branch is one equality on an indexed column, so a newest-first page can walk each branch's
    ``(column, created_at, id)`` index in order and stop after one page (``application_page``), where the ORed
    filter made PostgreSQL either scan the newest rows of the whole table or sort the whole jurisdiction."""
    if getattr(user, "is_superuser", False) or _org_type(user) not in (T.FUND_OFFICE, T.TRAFFIC_POLICE):
        return None
    codes = jurisdiction_codes(user.organisation)
    regions = ([Q(region_id=code) for code in codes] if len(codes) <= OFFICE_BRANCHES_MAX_REGIONS
               else [jurisdiction_q(user)])
    return [*regions, Q(approver_organisation_id=user.organisation_id),
            Q(dispute_organisation_id=user.organisation_id)]


def _visible(user, app) -> bool:
    return applications_visible_to(user).filter(pk=app.pk).exists()


@policy("fund.application", "view")
def can_view(user, app) -> bool:
    return _visible(user, app)


@policy("fund.application", "upload")
def can_upload(user, app) -> bool:
    return (is_manager_clerk(user) or (is_hospital_user(user) and app.hospital_id == user.organisation_id))


@policy("fund.application", "reveal")
def can_reveal(user, app) -> bool:
    return is_manager_clerk(user) or (user_has_role(user, "approver") and app.approver_organisation_id
                                      == user.organisation_id)


for _action in ("start_review", "request_documents", "documents_complete", "submit_for_approval",
                "dispute", "transfer", "record_determination", "adjust_advance"):
    policy("fund.application", _action)(lambda user, app: is_manager_clerk(user))


def is_manager_cashier(user) -> bool:
    return _org_type(user) == T.FUND_MANAGER and user_has_role(user, "cashier")


@policy("fund.application", "pay")
def can_pay(user, app) -> bool:
    """划拨 is the manager's cashier's (出纳), never the reviewing clerk's: with the separation of duties of the
    workflow (the approver does not pay) it takes two people of the manager, or the office and the cashier."""
    return is_manager_cashier(user)


@policy("fund.application", "guarantee")
def can_guarantee(user, app) -> bool:
    return is_manager_clerk(user) and app.mass_casualty and app.kind == "treatment" and not app.guarantee_issued_at


def _is_named_approver(user, app) -> bool:
    return user_has_role(user, "approver", "head") and app.approver_organisation_id == user.organisation_id


@policy("fund.application", "approve")
@policy("fund.application", "refuse")
def can_decide(user, app) -> bool:
    if app.state == S.AWAITING_APPROVAL:
        return _is_named_approver(user, app)
    if app.state == S.DISPUTED:
        return _is_dispute_office(user, app)
    return is_manager_clerk(user)


def _is_dispute_office(user, app) -> bool:
    return user_has_role(user, "approver", "head") and app.dispute_organisation_id == user.organisation_id


@policy("fund.application", "escalate")
@policy("fund.application", "resolve")
def can_settle_dispute(user, app) -> bool:
    return _is_dispute_office(user, app)


@policy("fund.ledger", "view")
def can_view_ledger(user, _obj=None) -> bool:
    return _org_type(user) in (T.FUND_MANAGER, T.FUND_JOINT_MEETING, T.FINANCE) or (
        _org_type(user) == T.FUND_OFFICE and user.organisation.region.level == "province") or user.is_superuser


def can_record_ledger(user) -> bool:
    return is_manager_clerk(user)


# --- recovery (追偿) and write-off (核销) -------------------------------------------------------------------------
def is_trustee_user(user) -> bool:
    return _org_type(user) == T.RECOVERY_TRUSTEE


def is_joint_meeting_user(user) -> bool:
    return _org_type(user) == T.FUND_JOINT_MEETING and user_has_role(user, "approver", "head")


@scope("fund.recovery")
def recoveries_visible_to(user):
    """The manager, the joint meeting and finance see every recovery; the trustee only those handed to it."""
    from .models import Recovery

    qs = Recovery.objects.all()
    if getattr(user, "is_superuser", False):
        return qs
    org_type = _org_type(user)
    if org_type in (T.FUND_MANAGER, T.FUND_JOINT_MEETING, T.FINANCE):
        return qs
    if org_type == T.RECOVERY_TRUSTEE:
        return qs.filter(organisation_id=user.organisation_id)
    return qs.none()


def _recovery_visible(user, recovery) -> bool:
    return recoveries_visible_to(user).filter(pk=recovery.pk).exists()


@policy("fund.recovery", "view")
def can_view_recovery(user, recovery) -> bool:
    return _recovery_visible(user, recovery)


@policy("fund.recovery", "determine")
@policy("fund.recovery", "assist_notice")
@policy("fund.recovery", "hand_over")
@policy("fund.recovery", "write_off_submit")
def can_manage_recovery(user, recovery) -> bool:
    return is_manager_clerk(user)


@policy("fund.recovery", "repayment")
def can_record_repayment(user, recovery) -> bool:
    return is_manager_clerk(user)


@policy("fund.recovery", "collection")
@policy("fund.recovery", "deposit")
def can_record_collection(user, recovery) -> bool:
    """The trustee records what it recovered and its deposit into the fund account (第三十八条)."""
    return is_trustee_user(user) and recovery.organisation_id == user.organisation_id


@policy("fund.recovery", "write_off_decide")
def can_decide_write_off(user, recovery) -> bool:
    return is_joint_meeting_user(user)


# --- reports (第四十二条, 第四十四条): their PDFs are downloaded through the documents app ---------------------------
@scope("fund.fundreport")
def reports_visible_to(user):
    """Who may see the ledger sees the reports of organisations within their region (the provincial manager and
    finance department: all of them); another city's office of the same type sees none (404)."""
    from .models import FundReport

    if not can_view_ledger(user):
        return FundReport.objects.none()
    return FundReport.objects.filter(jurisdiction_q(user, region_field="organisation__region"))


@policy("fund.fundreport", "view")
def can_view_report(user, report) -> bool:
    return can_view_ledger(user)


# --- duties the fund manager records on the ledger page (reports it submits, obligations owed to the fund) ------
def _duties_in_reach(user, qs):
    """The fund manager's clerks act on the duties of organisations within the manager's region: the provincial
    fund manager (region 140000) reaches every report and obligation in the province, while an organisation of the
    same type registered for another region (another city's office, a misconfigured one) reaches none of them and
    gets a 404, as for any object out of reach."""
    if not can_record_ledger(user):
        return qs.none()
    return qs.filter(jurisdiction_q(user, region_field="organisation__region"))


@policy("fund.fundreport", "submit")
def can_submit_report(user, report) -> bool:
    return reports_actionable_by(user).filter(pk=report.pk).exists()


@scope("fund.writeoff")
def write_offs_visible_to(user):
    from .models import WriteOff

    return WriteOff.objects.filter(recovery__in=recoveries_visible_to(user))


def reports_actionable_by(user):
    """The reports (第四十二条, 第四十四条) this user may submit."""
    from .models import FundReport

    return _duties_in_reach(user, FundReport.objects.all())


@scope("fund.fundobligation")
def obligations_visible_to(user):
    """The duties owed to the fund, for those who see the ledger, within their region (as reports)."""
    from .models import FundObligation

    if not can_view_ledger(user):
        return FundObligation.objects.none()
    return FundObligation.objects.filter(jurisdiction_q(user, region_field="organisation__region"))


@policy("fund.fundobligation", "fulfil")
@policy("fund.fundobligation", "remind")
def can_record_obligation(user, obligation) -> bool:
    return obligations_actionable_by(user).filter(pk=obligation.pk).exists()


def obligations_actionable_by(user):
    """The duties owed to the fund (第十五条, 第十六条) this user may record as fulfilled or reminded."""
    from .models import FundObligation

    return _duties_in_reach(user, FundObligation.objects.all())
