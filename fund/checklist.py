"""Required documents per application kind and applicant, declared as data (第二十三条, 第二十五条, 第二十八条).

Kept in the app until ``gazette.documents`` (ChecklistItem / missing_items) lands on main.
"""

from __future__ import annotations

from dataclasses import dataclass

from .choices import ApplicantType as A
from .choices import ApplicationKind as K
from .choices import DocumentCode as D

ALLOWED_CONTENT_TYPES = {"application/pdf": b"%PDF", "image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG"}
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Item:
    code: str
    article: str
    applicants: frozenset[str] | None = None  # None: every applicant
    when_post7: bool = False                  # only when post-day-7 costs are claimed

    @property
    def label(self) -> str:
        return str(D(self.code).label)


CHECKLIST: dict[str, tuple[Item, ...]] = {
    K.TREATMENT: (
        Item(D.POLICE_ADVANCE_NOTICE, "第二十三条"),
        Item(D.TREATMENT_FORM, "第二十三条"),
        Item(D.COST_LIST, "第二十三条"),
        Item(D.APPLICANT_ID, "第二十三条第一项", frozenset({A.VICTIM, A.RELATIVE, A.OTHER_PARTY})),
        Item(D.HOSPITAL_LICENCE, "第二十三条第二项", frozenset({A.HOSPITAL})),
        Item(D.VICTIM_ID, "第二十三条"),
        Item(D.POST7_REASONS, "第二十二条", when_post7=True),
    ),
    K.FUNERAL: (
        Item(D.BODY_NOTICE, "第二十五条"),
        Item(D.FUNERAL_FORM, "第二十五条"),
        Item(D.KINSHIP_PROOF, "第二十五条第三项", frozenset({A.RELATIVE})),
        Item(D.FUNERAL_LICENCE, "第二十五条第三项", frozenset({A.FUNERAL_SERVICE})),
        Item(D.VICTIM_ID, "第二十五条第四项"),
    ),
    K.HARDSHIP: (
        Item(D.INABILITY_PROOF, "第二十八条第一项"),
        Item(D.HARDSHIP_FORM, "第二十八条第二项"),
        Item(D.ACCIDENT_DETERMINATION, "第二十八条第三项"),
        Item(D.DISABILITY_OR_DEATH, "第二十八条第四项"),
        Item(D.HARDSHIP_CERTIFICATE, "第二十八条第五项"),
    ),
}


def required_items(*, kind: str, applicant_type: str, has_post7: bool) -> list[Item]:
    return [
        item for item in CHECKLIST[kind]
        if (item.applicants is None or applicant_type in item.applicants) and (has_post7 or not item.when_post7)
    ]


def checklist_rows(*, kind: str, applicant_type: str, has_post7: bool, uploaded: set[str]) -> list[dict]:
    return [
        {"code": i.code, "label": i.label, "article": i.article, "present": i.code in uploaded}
        for i in required_items(kind=kind, applicant_type=applicant_type, has_post7=has_post7)
    ]
