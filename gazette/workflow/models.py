from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin


class Case(FSMModelMixin, models.Model):
    """The base every regulation's case model extends: reference number, region, owning organisation, state,
    reference date (the date whose rules apply, e.g. the accident date) and the latest rule trace.

    Subclasses set ``REFERENCE_PREFIX`` (``"FUND"``), override ``state`` with their own default and choices,
    and mix in their workflow's ``model_mixin()``.
    """

    REFERENCE_PREFIX = "CASE"

    reference = models.CharField(_("编号"), max_length=32, unique=True, editable=False)
    region = models.ForeignKey("orgs.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="+"
    )
    state = FSMField(_("状态"), max_length=40, protected=True, db_index=True)
    reference_date = models.DateField(_("参考日期"), help_text=_("据以适用规章版本的日期"))
    rule_trace = models.JSONField(_("规则判定"), default=list, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = GenericRelation("workflow.CaseHistory", content_type_field="content_type", object_id_field="object_id")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.reference

    @property
    def state_label(self) -> str:
        return str(_state_labels(type(self)).get(self.state, self.state))


class CaseHistory(models.Model):
    """One transition of one case: who, when, from, to, why, and the rule trace that decided it."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    reference = models.CharField(_("编号"), max_length=32, db_index=True)
    transition = models.CharField(_("操作"), max_length=64)
    transition_label = models.CharField(_("操作名称"), max_length=64)
    from_state = models.CharField(_("原状态"), max_length=40)
    to_state = models.CharField(_("新状态"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True, help_text=_("系统自动操作时为“系统”"))
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    comment = models.TextField(_("意见"), blank=True)
    rule_trace = models.JSONField(_("规则判定"), default=list, blank=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.from_state}→{self.to_state}"


class ReferenceSequence(models.Model):
    """Gap-free case numbers per prefix and year: FUND-2026-000123."""

    prefix = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("编号序列")
        verbose_name_plural = _("编号序列")
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="uniq_reference_sequence")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last_number}"


@functools.cache
def _state_labels(model: type[Case]) -> dict[str, Any]:
    """The state field's labels of a case model (lazy translations: rendered in the active language on use); built
    once per model instead of once per row of every list."""
    return dict(model._meta.get_field("state").choices or [])
