from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "gazette.orgs"
    label = "orgs"
    verbose_name = _("行政区划与单位")

    def ready(self) -> None:
        from .models import Region
        from .selectors import REGIONS

        Region.tree = REGIONS.get
