from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_demo_data_covers_every_state_and_is_idempotent(orgs):
    from fund import demo
    from fund.models import Application
    from fund.selectors import ledger_reconcile
    from fund.workflow import S
    from gazette.orgs.demo import load as orgs_load

    orgs_load()
    rows = demo.load()
    assert {"fund_county", "fund_province", "hospital2"} <= {r[0] for r in rows}
    count = Application.objects.count()
    assert count >= 30
    assert set(Application.objects.values_list("state", flat=True)) == set(S.values)
    demo.load()
    assert Application.objects.count() == count
    assert ledger_reconcile().ok
