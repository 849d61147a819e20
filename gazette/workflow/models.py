from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin


class StatefulRecord(FSMModelMixin, models.Model):
    """The base of every record that moves through the engine without being a whole case: a recovery, a
    write-off, a report, a measure, a meeting, an inspection. It carries the version (stale-form checks), the
    latest rule trace and the history; the concrete model declares its state field (an ``FSMField`` with
    ``protected=True``, named by its workflow's ``field``), is bound to its workflow by ``workflow_register`` and
    provides ``reference`` and ``organisation`` (fields or properties: the history, clocks and work items name
    them). ``RULE_DATE_FIELD`` names the date whose rule versions apply (default: today).
    """

    RULE_DATE_FIELD = ""

    rule_trace = models.JSONField(_("规则判定"), default=list, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0, editable=False)

    history = GenericRelation("workflow.CaseHistory", content_type_field="content_type", object_id_field="object_id")

    class Meta:
        abstract = True

    @property
    def state_label(self) -> str:
        field = self.WORKFLOW.field if hasattr(self, "WORKFLOW") else "state"
        value = getattr(self, field)
        return str(_state_labels(type(self), field).get(value, value))

    @property
    def rule_date(self) -> Any:
        """The date whose rule versions apply to this record."""
        from django.utils import timezone

        value = getattr(self, self.RULE_DATE_FIELD, None) if self.RULE_DATE_FIELD else None
        if value is None:
            return timezone.localdate()
        return timezone.localdate(value) if hasattr(value, "tzinfo") and hasattr(value, "hour") else value


class Case(StatefulRecord):
    """The base every regulation's case model extends: reference number, region, owning organisation, state,
    reference date (the date whose rules apply, e.g. the accident date) and the latest rule trace.

    Subclasses set ``REFERENCE_PREFIX`` (``"FUND"``), override ``state`` with their own default and choices,
    and are bound to their workflow in ``AppConfig.ready()`` (``workflow_register``).
    """

    REFERENCE_PREFIX = "CASE"
    RULE_DATE_FIELD = "reference_date"

    reference = models.CharField(_("编号"), max_length=32, unique=True, editable=False)
    region = models.ForeignKey("orgs.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="+"
    )
    state = FSMField(_("状态"), max_length=40, protected=True, db_index=True)
    reference_date = models.DateField(_("参考日期"), help_text=_("据以适用规章版本的日期"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.reference


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


class WorkItem(models.Model):
    """One open piece of work: the object waiting (a case or a record of any app), the action expected, who is
    expected to take it (organisation, optionally one user), and the clock that sets its due time. Written by the
    engine in the same transaction as each transition (``gazette.workflow.work.work_sync``), and for a clock on an
    object without a workflow (a report, a duty owed to the fund) when the clock starts. The inbox reads only this
    table: one query for every app."""

    # Indexed with object_id (Meta.indexes): every transition deletes and inserts an object's rows, so each index
    # costs every submission; the single-column indexes Django would add are covered by the composite ones.
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+", db_index=False)
    object_id = models.PositiveBigIntegerField()
    app = models.CharField(_("业务"), max_length=40)
    reference = models.CharField(_("编号"), max_length=48)
    title = models.CharField(_("事项"), max_length=200)
    state = models.CharField(_("状态"), max_length=40, blank=True)
    organisation = models.ForeignKey("orgs.Organisation", verbose_name=_("承办单位"), on_delete=models.CASCADE,
                                     related_name="+", db_index=False)  # (organisation, due_at) below
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("承办人"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+", db_index=False)  # partial index below
    deadline = models.ForeignKey("deadlines.Deadline", verbose_name=_("期限"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    # Copied from the clock so that the inbox can order and count by urgency in the table's own index.
    due_at = models.DateTimeField(_("届满时间"), null=True, blank=True)
    warn_at = models.DateTimeField(_("预警时间"), null=True, blank=True)
    rule_id = models.CharField(_("依据规则"), max_length=32, blank=True)
    url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("待办事项")
        verbose_name_plural = _("待办事项")
        indexes = [models.Index(fields=["organisation", "due_at"], name="workitem_org_due"),
                   models.Index(fields=["user", "due_at"], name="workitem_user_due",
                                condition=models.Q(user__isnull=False)),
                   models.Index(fields=["content_type", "object_id"], name="workitem_object")]

    def __str__(self) -> str:
        return self.title


@functools.cache
def _state_labels(model: type[models.Model], field: str = "state") -> dict[str, Any]:
    """The state field's labels of a model (lazy translations: rendered in the active language on use); built
    once per model instead of once per row of every list."""
    return dict(model._meta.get_field(field).choices or [])


def state_label(model: type[models.Model], value: str, field: str = "state") -> str:
    return str(_state_labels(model, field).get(value, value))
