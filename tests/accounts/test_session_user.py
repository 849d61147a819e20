"""The session's user comes with the organisation every page shows and every permission check reads."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_a_signed_in_page_reads_user_and_organisation_in_one_query(client, make_user):
    user = make_user("clerk")
    org = user.organisation
    client.force_login(user)
    client.get("/inbox/")
    with CaptureQueriesContext(connection) as ctx:
        html = client.get("/inbox/").content.decode()
    assert (org.short_name or org.name) in html  # the base layout's header
    sql = [q["sql"] for q in ctx.captured_queries]
    assert not any(s.startswith('SELECT "orgs_organisation"') and '"orgs_organisation"."id" =' in s for s in sql), sql
    assert any(s.startswith('SELECT "accounts_user"') and 'JOIN "orgs_organisation"' in s for s in sql)

