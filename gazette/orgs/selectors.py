"""Reads for regions and organisations, and the jurisdiction every list is scoped by."""

from __future__ import annotations

import copy

from django.db.models import Q, QuerySet

from gazette.refdata import ReferenceData

from .models import Organisation, Region

# The region tree (Shanxi: 129 rows from the migrations), kept per process (gazette/refdata.py).
REGIONS: ReferenceData[dict[str, Region]] = ReferenceData(
    "regions", lambda: {r.code: r for r in Region.objects.all()}, watch=("orgs.Region",))


def region_get(code: object) -> Region | None:
    """The region with GB/T 2260 ``code`` (a private copy: callers may cache related objects on it)."""
    region = REGIONS.get().get(str(code or ""))
    return copy.copy(region) if region is not None else None


# Every organisation (Shanxi: a few hundred offices, hospitals, police units and insurers), kept per process like the
# region tree: pages that show the organisations named on a case read their names here instead of joining them.
ORGANISATIONS: ReferenceData[dict[int, Organisation]] = ReferenceData(
    "organisations", lambda: {o.pk: o for o in Organisation.objects.all()}, watch=("orgs.Organisation",))


def organisation_get(pk: object) -> Organisation | None:
    """The organisation with primary key ``pk`` (a private copy), or ``None``."""
    organisation = ORGANISATIONS.get().get(pk)  # type: ignore[call-overload]
    return copy.copy(organisation) if organisation is not None else None


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
