from gazette.permissions import granted_q, jurisdiction_q, policy, scope, user_has_role

from .models import Permit


@scope("workflow_app.permit")
def permits_visible_to(user):
    if getattr(user, "is_superuser", False):
        return Permit.objects.all()  # jurisdiction_q is Q() for them, which an OR would drop
    return Permit.objects.filter(jurisdiction_q(user) | granted_q(user, "view_permit", Permit))


def _clerk_in_reach(user, permit) -> bool:
    return user_has_role(user, "clerk") and Permit.objects.filter(jurisdiction_q(user), pk=permit.pk).exists()


for _action in ("submit", "request_materials", "provide_materials", "publicise"):
    policy("workflow_app.permit", _action)(_clerk_in_reach)


@policy("workflow_app.permit", "view")
def can_view(user, permit) -> bool:
    return permits_visible_to(user).filter(pk=permit.pk).exists()


@policy("workflow_app.permit", "approve")
@policy("workflow_app.permit", "refuse")
def can_decide(user, permit) -> bool:
    return user_has_role(user, "approver") and Permit.objects.filter(jurisdiction_q(user), pk=permit.pk).exists()
