"""Who sees and does what (one scope per model, one policy per action):

- An enterprise's staff see their own enterprise, ratings and star applications, and submit and complete them.
- Housing departments (住房和城乡建设主管部门) see what lies in their region: the county verifies (CRED-A4, A9(一)),
  the city scores, verifies objections and re-rates (A9(二)(三), A14), the province reviews appraisal and initial-A
  firms, publishes the notice and the final grades (A4, A9). A cross-city firm's file is also visible to the
  departments where it has projects (A4 information sharing).
- Records (A7/A8) are entered by any housing department that sees the firm; repairs (A21) by the grading city.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gazette.orgs.choices import OrganisationType, RegionLevel
from gazette.permissions import jurisdiction_codes, jurisdiction_q, policy, scope, user_has_role

from .models import Enterprise, Rating, StarApplication

STAFF = ("clerk", "approver", "head")


def _org(user):
    return getattr(user, "organisation", None)


def is_department(user, level: str | None = None) -> bool:
    org = _org(user)
    if org is None or org.type != OrganisationType.HOUSING_DEPARTMENT or not user_has_role(user, *STAFF):
        return False
    return level is None or org.region.level == level


def is_enterprise(user) -> bool:
    org = _org(user)
    return org is not None and org.type == OrganisationType.ENTERPRISE and user_has_role(user, *STAFF)


def is_credit_side(user) -> bool:
    return bool(getattr(user, "is_superuser", False) or is_department(user) or is_enterprise(user))


def _staff_of(user, org_id) -> bool:
    org = _org(user)
    return org is not None and org_id is not None and org.pk == org_id and user_has_role(user, *STAFF)


@scope("credit.enterprise")
def enterprises_visible_to(user) -> QuerySet[Enterprise]:
    if user.is_superuser:
        return Enterprise.objects.all()
    org = _org(user)
    if org is None:
        return Enterprise.objects.none()
    if org.type == OrganisationType.HOUSING_DEPARTMENT:
        codes = jurisdiction_codes(org)
        shared = Enterprise.objects.filter(project_regions__in=codes).values("pk")
        return Enterprise.objects.filter(Q(registration_region__in=codes) | Q(pk__in=shared))
    return Enterprise.objects.filter(organisation=org)


@policy("credit.enterprise", "view")
def can_view_enterprise(user, enterprise) -> bool:
    return enterprises_visible_to(user).filter(pk=enterprise.pk).exists()


@policy("credit.enterprise", "add_record")
def can_add_record(user, enterprise) -> bool:
    return is_department(user) and can_view_enterprise(user, enterprise)


@scope("credit.rating")
def ratings_visible_to(user) -> QuerySet[Rating]:
    if user.is_superuser:
        return Rating.objects.all()
    org = _org(user)
    if org is None:
        return Rating.objects.none()
    if org.type == OrganisationType.HOUSING_DEPARTMENT:
        return Rating.objects.filter(jurisdiction_q(user))
    return Rating.objects.filter(enterprise__organisation=org)


@policy("credit.rating", "view")
def can_view_rating(user, rating) -> bool:
    return ratings_visible_to(user).filter(pk=rating.pk).exists()


@policy("credit.rating", "submit")
@policy("credit.rating", "complete")
def can_submit(user, rating) -> bool:
    return _staff_of(user, rating.enterprise.organisation_id)


@policy("credit.rating", "request_completion")
@policy("credit.rating", "verify")
def can_verify(user, rating) -> bool:
    return _staff_of(user, rating.county_department_id)


@policy("credit.rating", "initial_rating")
@policy("credit.rating", "scores")
@policy("credit.rating", "objection_decide")
def can_score(user, rating) -> bool:
    return _staff_of(user, rating.city_department_id)


@policy("credit.rating", "rerate")
@policy("credit.rating", "dynamic_rerate")
def can_rerate(user, rating) -> bool:
    """The department that made the grade re-rates: the city, or the province for the grades it reviewed."""
    return _staff_of(user, rating.city_department_id) or _staff_of(user, rating.province_department_id)


@policy("credit.rating", "review")
@policy("credit.rating", "publish_notice")
@policy("credit.rating", "finalise")
def can_publish(user, rating) -> bool:
    return _staff_of(user, rating.province_department_id)


@scope("credit.starapplication")
def stars_visible_to(user) -> QuerySet[StarApplication]:
    if user.is_superuser:
        return StarApplication.objects.all()
    org = _org(user)
    if org is None:
        return StarApplication.objects.none()
    if org.type == OrganisationType.HOUSING_DEPARTMENT:
        return StarApplication.objects.filter(jurisdiction_q(user))
    if org.type == OrganisationType.STREET_OFFICE:
        return StarApplication.objects.filter(street_office=org)
    return StarApplication.objects.filter(enterprise__organisation=org)


@policy("credit.starapplication", "view")
def can_view_star(user, app) -> bool:
    return stars_visible_to(user).filter(pk=app.pk).exists()


@policy("credit.starapplication", "county_rate")
def can_county_score(user, app) -> bool:
    return _staff_of(user, app.county_department_id)


@policy("credit.starapplication", "city_rate")
def can_city_score(user, app) -> bool:
    return _staff_of(user, app.city_department_id)


@policy("credit.starapplication", "province_decide")
def can_province_decide(user, app) -> bool:
    return is_department(user, RegionLevel.PROVINCE)


@policy("credit.starapplication", "announce")
@policy("credit.starapplication", "award")
@policy("credit.starapplication", "revoke")
def can_decide_star(user, app) -> bool:
    return _staff_of(user, app.decided_by_id) or is_department(user, RegionLevel.PROVINCE)
