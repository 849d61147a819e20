from decimal import Decimal

from django.db import models
from django_fsm import FSMField
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from gazette.workflow.models import Case

from .choices import S


class Permit(Case):
    REFERENCE_PREFIX = "TEST"

    state = FSMField(default=S.DRAFT, choices=S.choices, protected=True, max_length=40)
    applicant = models.CharField(max_length=100)
    amount = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))

    def get_absolute_url(self) -> str:
        return f"/test-permits/{self.pk}/"


class PermitUserObjectPermission(UserObjectPermissionBase):
    """Direct foreign-key per-object grants for permits (django-guardian)."""

    content_object = models.ForeignKey(Permit, on_delete=models.CASCADE)


class PermitGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Permit, on_delete=models.CASCADE)
