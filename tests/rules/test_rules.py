from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from gazette.rules.choices import RegulationStatus
from gazette.rules.models import Regulation, RegulationExtension
from gazette.rules.registry import RuleError, rule_get
from gazette.rules.services import regulations_load, rules_evaluate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _regulations():
    regulations_load()


def test_nine_regulations_are_loaded_with_their_document_numbers():
    assert Regulation.objects.count() == 9
    fund = Regulation.objects.get(code="FUND-2022")
    assert fund.doc_number == "晋政办发〔2022〕91号"
    assert fund.effective_from == date(2022, 12, 1)
    assert fund.status_on(date(2026, 11, 27)) == RegulationStatus.IN_FORCE


def test_property_committee_regulation_has_lapsed_until_an_extension_is_recorded():
    prop = Regulation.objects.get(doc_number="晋建房规字〔2022〕191号")
    assert prop.status_on(date(2026, 11, 27)) == RegulationStatus.LAPSED
    assert prop.status_on(date(2024, 10, 21)) == RegulationStatus.IN_FORCE
    RegulationExtension.objects.create(regulation=prop, extended_until=date(2027, 10, 21), basis="延期通知")
    assert prop.status_on(date(2026, 11, 27)) == RegulationStatus.IN_FORCE


def test_rule_trace_cites_article_and_figures():
    trace = rules_evaluate(["TEST-A1"], {"amount": Decimal("30000.01")}, on=date(2026, 11, 2))
    entry = trace[0]
    assert entry["rule"] == "TEST-A1" and entry["article"] == "第一条"
    assert entry["doc_number"] == "晋政办发〔2022〕91号"
    assert entry["outcome"] == "failed"
    assert entry["figures"] == {"amount": "30000.01", "cap": "30000.00"}
    assert not trace.ok


def test_rule_before_the_regulation_took_effect_is_not_applicable():
    trace = rules_evaluate(["TEST-A1"], {"amount": Decimal("1")}, on=date(2022, 11, 30))
    assert trace[0]["outcome"] == "not_applicable"
    assert "尚未施行" in trace[0]["message"]


def test_missing_fact_is_an_error_not_a_guess():
    with pytest.raises(RuleError):
        rules_evaluate(["TEST-A1"], {}, on=date(2026, 1, 5))


def test_unknown_rule_is_an_error():
    with pytest.raises(RuleError):
        rule_get("NOPE-A1")
