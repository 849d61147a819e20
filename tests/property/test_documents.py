"""The five documents of 191号 render as numbered PDFs of the street office, each with the lapsed-regulation
warning while 191号 has lapsed on the case's reference date."""

from __future__ import annotations

import pytest

from gazette.workflow.actions import action_perform
from property.documents import committee_document_generate

from .conftest import PLACES, run_committee
from .test_running import _meeting, _members

pytestmark = pytest.mark.django_db


def test_every_document_renders_with_its_number_and_the_lapsed_warning(
        form_committee, street_clerk, seat_candidates, orgs, settings):
    committee = run_committee(form_committee(), street_clerk, seat_candidates, orgs)
    community, reps = _members(committee)
    meeting = _meeting(committee, street_clerk, [*community, *reps])
    action_perform(obj=meeting, name="adopt", actor=street_clerk, data={"places": PLACES})
    numbers = set()
    for kind in ("announcement", "member_list", "filing_receipt", "decision", "revocation"):
        document = committee_document_generate(
            committee=committee, kind=kind, request_key=f"t-{kind}", actor=street_clerk,
            meeting=meeting if kind in ("decision", "revocation") else None)
        assert document.file.read(4) == b"%PDF"
        assert document.number.startswith("坞城街")
        numbers.add(document.number)
        html = document.title
        assert committee.area.name in html
    assert len(numbers) == 5
    from django.template.loader import render_to_string

    from property.selectors import regulation_status

    text = render_to_string("property/documents/_lapsed.html",
                            {"regulation_status": regulation_status(committee.reference_date)})
    assert "规章已失效" in text
