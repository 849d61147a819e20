from __future__ import annotations

import pytest
from django.http import Http404

from gazette.permissions import get_visible_or_404, grant, has_grant, revoke, user_can, visible
from tests.workflow_app.models import Permit

pytestmark = pytest.mark.django_db


def test_jurisdiction_scopes_lists_and_lookups(make_permit, county_clerk, other_county_clerk):
    permit = make_permit()
    assert list(visible(county_clerk, Permit)) == [permit]
    assert not visible(other_county_clerk, Permit).exists()
    with pytest.raises(Http404):
        get_visible_or_404(other_county_clerk, Permit, pk=permit.pk)
    with pytest.raises(Http404):
        get_visible_or_404(county_clerk, Permit, pk="not-a-number")


def test_a_per_object_grant_opens_exactly_that_case(make_permit, other_county_clerk):
    permit, other = make_permit(), make_permit()
    assert not user_can(other_county_clerk, "view", permit)
    grant(other_county_clerk, "view_permit", permit)
    assert has_grant(other_county_clerk, "view_permit", permit)
    assert user_can(other_county_clerk, "view", permit)
    assert list(visible(other_county_clerk, Permit)) == [permit]
    assert not user_can(other_county_clerk, "view", other)
    revoke(other_county_clerk, "view_permit", permit)
    assert not visible(other_county_clerk, Permit).exists()


def test_unregistered_action_is_refused(make_permit, county_clerk):
    assert not user_can(county_clerk, "no-such-action", make_permit())


def test_anonymous_sees_nothing(make_permit):
    from django.contrib.auth.models import AnonymousUser

    make_permit()
    assert not visible(AnonymousUser(), Permit).exists()
