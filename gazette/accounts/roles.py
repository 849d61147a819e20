"""Roles are Django groups. This module names the ones the five regulations need, so code never spells a
group name twice. Each role lists the organisation types whose staff normally hold it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Role:
    code: str
    label: str


ADMIN = Role("admin", _("系统管理员"))
CLERK = Role("clerk", _("经办人"))
APPROVER = Role("approver", _("审批人"))
HEAD = Role("head", _("单位负责人"))
HOSPITAL = Role("hospital", _("医疗机构经办人"))
AUDITOR = Role("auditor", _("审计员"))
CASHIER = Role("cashier", _("出纳"))  # pays out (e.g. the fund's 划拨); never the one who approved (职责分离)

ALL_ROLES: tuple[Role, ...] = (ADMIN, CLERK, APPROVER, HEAD, HOSPITAL, AUDITOR, CASHIER)


def role_label(code: str) -> str:
    for role in ALL_ROLES:
        if role.code == code:
            return str(role.label)
    return code
