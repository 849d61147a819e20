from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "gazette.orgs"
    label = "orgs"
    verbose_name = _("行政区划与单位")

