"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from gazette.orgs.choices import OrganisationType
from gazette.orgs.models import Organisation, Region


def region(code: str = "140105") -> Region:
    """Regions come from the migration fixture (GB/T 2260); tests look them up, never invent them.

    Transactional tests flush the database, taking the migration's rows with them: reload them then.
    """
    found = Region.objects.filter(code=code).first()
    if found is None:
        from gazette.orgs.services import regions_load

        regions_load()
        found = Region.objects.get(code=code)
    return found


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试单位{n}")
    short_name = factory.Sequence(lambda n: f"单位{n}")
    type = OrganisationType.OTHER
    region = factory.LazyFunction(region)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    organisation = factory.SubFactory(OrganisationFactory)
