from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import OrganisationType, RegionLevel


class Region(models.Model):
    """An administrative division with its GB/T 2260 code: province → city → county → township."""

    code = models.CharField(_("区划代码"), max_length=12, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("级别"), max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级区划"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="children",
    )
    # Materialised path of codes ("140000/140100/140105/"), so "everything under the city" is one indexed
    # prefix lookup instead of a recursive query.
    path = models.CharField(_("路径"), max_length=128, db_index=True, editable=False)
    # The process's copy of the whole tree, {code: Region}, to read ancestors' names without a query. The reads
    # module owns that copy (``selectors.REGIONS``) and reads this model, so OrgsConfig.ready() plugs it in here
    # rather than this module importing it; without it ``full_name`` walks the parents.
    tree: ClassVar[Callable[[], dict[str, Region]] | None] = None
    longitude = models.DecimalField(_("经度"), max_digits=10, decimal_places=6, null=True, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=10, decimal_places=6, null=True, blank=True)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.path = (self.parent.path if self.parent else "") + f"{self.code}/"
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return "".join(self.names())

    def names(self) -> list[str]:
        """The names from the province down to this region ("山西省", "太原市", "小店区")."""
        codes = self.ancestors_and_self()
        if self.path and len(codes) > 1 and not Region.parent.is_cached(self) and Region.tree is not None:
            # The ancestors' names from the process's copy of the region tree, without a query.
            tree = Region.tree()
            if all(c in tree for c in codes[:-1]):
                return [*(tree[c].name for c in codes[:-1]), self.name]
        parts = []
        node: Region | None = self
        while node is not None:
            parts.append(node.name)
            node = node.parent
        return list(reversed(parts))

    def ancestors_and_self(self) -> list[str]:
        return [c for c in self.path.split("/") if c]


class Organisation(models.Model):
    """An organ, office, company or institution that acts in a regulation: a joint-meeting office, a hospital,
    a police unit, an enterprise. Its region is its jurisdiction; its parent is the supervising organisation
    that deadlines escalate to."""

    name = models.CharField(_("名称"), max_length=128, unique=True)
    short_name = models.CharField(_("简称"), max_length=32, blank=True)
    type = models.CharField(_("单位类型"), max_length=32, choices=OrganisationType.choices, db_index=True)
    region = models.ForeignKey(
        Region, verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="organisations"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("上级单位"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="children",
    )
    # 发文机关代字, e.g. "晋救基" in 晋救基〔2026〕15号; used to number the documents this organisation issues.
    document_prefix = models.CharField(_("发文机关代字"), max_length=16, blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("电话"), max_length=32, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["region_id", "type", "name"]
        indexes = [models.Index(fields=["type", "region"])]

    def __str__(self) -> str:
        return self.name

    @property
    def level(self) -> str:
        return self.region.level
