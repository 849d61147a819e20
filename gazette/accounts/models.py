from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in: a clerk, an official, a hospital's staff member or an administrator.

    A user belongs to one organisation; what they may do comes from their roles (Django groups) and the
    organisation's region (jurisdiction).
    """

    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("所属单位"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    full_name = models.CharField(_("姓名"), max_length=64, blank=True)
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    def role_names(self) -> list[str]:
        return sorted(g.name for g in self.groups.all())
