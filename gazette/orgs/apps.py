from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "gazette.orgs"
    label = "orgs"
    verbose_name = _("行政区划与单位")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from gazette.permissions import jurisdiction_codes_forget

        from .models import Region

        # A region added, moved or removed changes somebody's jurisdiction: drop the cached subtrees.
        post_save.connect(jurisdiction_codes_forget, sender=Region, dispatch_uid="orgs.region.saved")
        post_delete.connect(jurisdiction_codes_forget, sender=Region, dispatch_uid="orgs.region.deleted")
