from __future__ import annotations

import pytest

from gazette.documents.checklists import (
    ChecklistItem,
    checklist_annotate,
    checklist_status,
    missing_items,
    missing_items_for_cases,
)
from gazette.documents.services import attachment_add
from gazette.orgs.models import Organisation
from tests.factories import OrganisationFactory

from .conftest import PDF_BYTES, upload

pytestmark = pytest.mark.usefixtures("case_policies")

ITEMS = (
    ChecklistItem("diagnosis", "诊断证明"),
    ChecklistItem("police_report", "交通事故认定书"),
    ChecklistItem("id_card", "身份证复印件"),
    ChecklistItem("other", "其他材料", required=False),
)


def _attach(case, user, code):
    return attachment_add(case=case, uploaded_file=upload(f"{code}.pdf", PDF_BYTES), checklist_code=code, actor=user)


def test_a_new_case_misses_every_required_item_but_not_the_optional_one(case):
    assert [i.code for i in missing_items(case, ITEMS)] == ["diagnosis", "police_report", "id_card"]


def test_an_uploaded_item_is_no_longer_missing(case, member):
    _attach(case, member, "police_report")
    assert [i.code for i in missing_items(case, ITEMS)] == ["diagnosis", "id_card"]


def test_status_lists_the_attachments_of_each_item_in_one_query(case, member, django_assert_num_queries):
    first = _attach(case, member, "diagnosis")
    second = _attach(case, member, "diagnosis")
    with django_assert_num_queries(1):
        status = checklist_status(case, ITEMS)
    by_code = {s.item.code: s for s in status}
    assert [a.pk for a in by_code["diagnosis"].attachments] == [first.pk, second.pk]
    assert by_code["diagnosis"].provided and not by_code["diagnosis"].missing
    assert by_code["id_card"].missing and not by_code["other"].missing


def test_attachments_of_another_case_do_not_count(case, member, make_user):
    other = OrganisationFactory()
    _attach(other, make_user(organisation=other), "diagnosis")
    assert "diagnosis" in [i.code for i in missing_items(case, ITEMS)]


def test_missing_items_of_many_cases_cost_one_query(case, member, make_user, django_assert_num_queries):
    others = [OrganisationFactory() for _ in range(5)]
    for org in others[:2]:
        user = make_user(organisation=org)
        for item in ITEMS[:3]:
            _attach(org, user, item.code)
    _attach(case, member, "diagnosis")
    cases = [case, *others]
    with django_assert_num_queries(1):
        result = missing_items_for_cases(cases, ITEMS)
    assert result[str(others[0].pk)] == []
    assert [i.code for i in result[str(case.pk)]] == ["police_report", "id_card"]
    assert len(result[str(others[4].pk)]) == 3


def test_a_list_queryset_can_be_annotated_and_filtered_by_missing_count(
    case, member, make_user, django_assert_num_queries
):
    complete = OrganisationFactory()
    insider = make_user(organisation=complete)
    for item in ITEMS[:3]:
        _attach(complete, insider, item.code)
    _attach(case, member, "diagnosis")
    qs = checklist_annotate(Organisation.objects.filter(pk__in=[case.pk, complete.pk]), ITEMS)
    with django_assert_num_queries(1):
        counts = {o.pk: o.documents_missing for o in qs}
    assert counts == {case.pk: 2, complete.pk: 0}
    assert list(qs.filter(documents_missing__gt=0).values_list("pk", flat=True)) == [case.pk]


def test_the_checklist_partial_shows_missing_items_and_links_to_files(case, member):
    from django.template.loader import render_to_string
    from django.urls import reverse

    attachment = _attach(case, member, "diagnosis")
    html = render_to_string("documents/_checklist.html", {"statuses": checklist_status(case, ITEMS)})
    assert reverse("documents:attachment-download", args=[attachment.pk]) in html
    assert html.count("缺少") == 2  # police report and ID card; the optional item is not "missing"
    assert "选交" in html
