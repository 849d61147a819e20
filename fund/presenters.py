"""What a fund application shows (pages and API alike): the checklist, masked personal data, the approver."""

from __future__ import annotations

from typing import Any

from .checklist import checklist_rows
from .models import Application
from .services import missing_documents


def application_checklist(app: Application) -> list[dict[str, Any]]:
    uploaded = {d.code for d in app.documents.all()}
    return checklist_rows(kind=app.kind, applicant_type=app.applicant_type, has_post7=app.post7_amount > 0,
                          uploaded=uploaded)


def application_missing(app: Application) -> list[str]:
    return missing_documents(app, uploaded={d.code for d in app.documents.all()})
