"""Rebuild the engine's work items from what every object waits for now (after a restore, or once when deploying
the work-item table onto existing data). Idempotent: each object's rows are rewritten, not added to."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction

from gazette.deadlines.choices import OPEN_STATUSES
from gazette.deadlines.models import Deadline
from gazette.workflow.definitions import workflows_registered
from gazette.workflow.models import WorkItem
from gazette.workflow.work import work_sync


class Command(BaseCommand):
    help = "重建待办事项（按各事项当前状态与计时中的期限）。"

    def handle(self, *args, **options) -> None:
        done = 0
        seen: set[tuple[int, int]] = set()
        for wf in workflows_registered():
            model = wf.model()
            ct = ContentType.objects.get_for_model(model)
            open_states = [s for s in wf.states if wf.work_for(s) is not None]
            waiting = model._default_manager.filter(**{f"{wf.field}__in": open_states})
            WorkItem.objects.filter(content_type=ct).exclude(object_id__in=waiting.values("pk")).delete()
            for obj in waiting.iterator(chunk_size=500):
                with transaction.atomic():
                    work_sync(obj)
                seen.add((ct.pk, obj.pk))
                done += 1
        # Objects without a workflow whose clocks run (a duty owed to the fund, a trustee's collection).
        for ct_id, object_id in (Deadline.objects.filter(status__in=OPEN_STATUSES)
                                 .values_list("content_type_id", "object_id").distinct()):
            if (ct_id, object_id) in seen:
                continue
            model = ContentType.objects.get_for_id(ct_id).model_class()
            obj = model._default_manager.filter(pk=object_id).first() if model is not None else None
            if obj is None:
                continue
            with transaction.atomic():
                work_sync(obj)
            done += 1
        self.stdout.write(f"已重建 {done} 件事项的待办，共 {WorkItem.objects.count()} 条。")
