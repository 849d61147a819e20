"""Reads for regions and organisations, and the jurisdiction every list is scoped by."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Organisation, Region


def region_subtree_q(region: Region, *, field: str = "region") -> Q:
    """A filter for rows whose region lies in ``region`` or below it (indexed prefix match on the path)."""
    return Q(**{f"{field}__path__startswith": region.path})


def organisation_list(*, type: str | None = None, region: Region | None = None) -> QuerySet[Organisation]:
    qs = Organisation.objects.select_related("region", "parent").filter(is_active=True)
    if type:
        qs = qs.filter(type=type)
    if region is not None:
        qs = qs.filter(region_subtree_q(region))
    return qs


def organisation_supervisor(organisation: Organisation) -> Organisation | None:
    """The organisation that a breached deadline escalates to: the recorded parent."""
    return organisation.parent
