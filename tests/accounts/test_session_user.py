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


def test_the_session_user_comes_with_its_roles(client, make_user):
    """The roles are aggregated into the user's query on PostgreSQL: no separate groups query on a page that checks
    them, and a role granted between two requests shows on the next one."""
    from django.contrib.auth.models import Group

    from gazette.permissions import user_has_role

    user = make_user("clerk")
    client.force_login(user)
    request_user = client.get("/inbox/").wsgi_request.user
    assert user_has_role(request_user, "clerk") and not user_has_role(request_user, "approver")
    if connection.vendor == "postgresql":
        assert request_user._gazette_roles == {"clerk"}
    user.groups.add(Group.objects.get_or_create(name="approver")[0])
    assert user_has_role(client.get("/inbox/").wsgi_request.user, "approver")

