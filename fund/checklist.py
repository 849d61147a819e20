"""Required documents per application kind and applicant, declared as data (第二十三条, 第二十五条, 第二十八条),
as ``gazette.documents.checklists.ChecklistItem`` rows so uploads, "what is missing" and list counts all come from
the documents engine. ``help`` carries the article that requires the item."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from gazette.documents.checklists import ChecklistItem, missing_items, missing_items_for_cases

from .choices import ApplicantType as A
from .choices import ApplicationKind as K
from .choices import DocumentCode as D


@dataclass(frozen=True)
class _When:
    applicants: frozenset[str] | None = None  # None: every applicant
    when_post7: bool = False                  # only when post-day-7 costs are claimed


def _item(code: D, article: str, *, required: bool = True) -> ChecklistItem:
    return ChecklistItem(code=code.value, label=str(code.label), help=article, required=required)


# 第三十五条: the police send the 事故认定书 once made; not needed to decide an advance, needed to recover it.
_DETERMINATION_LATER = _item(D.ACCIDENT_DETERMINATION, "第三十五条", required=False)


# kind → ((item, condition), ...); the label stays the lazy Chinese msgid so pages translate it.
CHECKLIST: dict[str, tuple[tuple[ChecklistItem, _When], ...]] = {
    K.TREATMENT: (
        (_item(D.POLICE_ADVANCE_NOTICE, "第二十三条"), _When()),
        (_item(D.TREATMENT_FORM, "第二十三条"), _When()),
        (_item(D.COST_LIST, "第二十三条"), _When()),
        (_item(D.APPLICANT_ID, "第二十三条第一项"), _When(frozenset({A.VICTIM, A.RELATIVE, A.OTHER_PARTY}))),
        (_item(D.HOSPITAL_LICENCE, "第二十三条第二项"), _When(frozenset({A.HOSPITAL}))),
        (_item(D.VICTIM_ID, "第二十三条"), _When()),
        (_item(D.POST7_REASONS, "第二十二条"), _When(when_post7=True)),
        (_DETERMINATION_LATER, _When()),
    ),
    K.FUNERAL: (
        (_item(D.BODY_NOTICE, "第二十五条"), _When()),
        (_item(D.FUNERAL_FORM, "第二十五条"), _When()),
        (_item(D.KINSHIP_PROOF, "第二十五条第三项"), _When(frozenset({A.RELATIVE}))),
        (_item(D.FUNERAL_LICENCE, "第二十五条第三项"), _When(frozenset({A.FUNERAL_SERVICE}))),
        (_item(D.VICTIM_ID, "第二十五条第四项"), _When()),
        (_DETERMINATION_LATER, _When()),
    ),
    K.HARDSHIP: (
        (_item(D.INABILITY_PROOF, "第二十八条第一项"), _When()),
        (_item(D.HARDSHIP_FORM, "第二十八条第二项"), _When()),
        (_item(D.ACCIDENT_DETERMINATION, "第二十八条第三项"), _When()),
        (_item(D.DISABILITY_OR_DEATH, "第二十八条第四项"), _When()),
        (_item(D.HARDSHIP_CERTIFICATE, "第二十八条第五项"), _When()),
    ),
}
ALL_ITEMS: tuple[ChecklistItem, ...] = tuple({i.code: i for rows in CHECKLIST.values() for i, _w in rows}.values())


def required_items(*, kind: str, applicant_type: str, has_post7: bool) -> list[ChecklistItem]:
    """The checklist of one application kind for one applicant (post-day-7 reasons only when claimed)."""
    return [
        item for item, when in CHECKLIST[kind]
        if (when.applicants is None or applicant_type in when.applicants) and (has_post7 or not when.when_post7)
    ]


def items_for(application) -> list[ChecklistItem]:
    return required_items(kind=application.kind, applicant_type=application.applicant_type,
                          has_post7=(application.post7_amount or 0) > 0)


def application_missing_items(application) -> list[ChecklistItem]:
    """What the application still lacks (one query; everything for an unsaved draft)."""
    items = items_for(application)
    if not application.pk:
        return [i for i in items if i.required]
    return missing_items(application, items)


def missing_for_applications(applications: Iterable) -> dict[int, list[ChecklistItem]]:
    """What each application of a list lacks, in one query whatever the number of applications: the engine answers
    for the union of every kind's items, then each application keeps the items of its own checklist."""
    from .models import Application

    applications = list(applications)
    missing_any = missing_items_for_cases(applications, ALL_ITEMS, model=Application)
    result = {}
    for app in applications:
        own = {i.code for i in items_for(app) if i.required}
        result[app.pk] = [i for i in missing_any.get(str(app.pk), []) if i.code in own]
    return result
