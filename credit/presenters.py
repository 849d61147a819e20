"""The credit app's list tables, declared once (gazette.ui.tables), and the rows they show: plain values read in
one query per page, labels from the choices, never model instances read per row."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gazette.ui.html import cell_html
from gazette.ui.tables import Column, ListTable
from gazette.workflow.models import state_label

from . import choices as ch
from .models import Rating, StarApplication

KIND_LABELS = dict(ch.EnterpriseKind.choices)

RATING_FIELDS = ("pk", "created_at", "reference", "enterprise__organisation__name", "kind", "cycle__year", "state",
                 "score", "grade", "veto")
GRADE_FIELDS = ("pk", "created_at", "enterprise__organisation__name", "enterprise__credit_code", "kind",
                "cycle__year", "grade", "final_at")
STAR_FIELDS = ("pk", "created_at", "reference", "project_name", "enterprise__organisation__name", "state", "stars",
               "valid_until")


def _grade(row: dict[str, Any]) -> Any:
    if not row["grade"]:
        return ""
    if row.get("veto"):
        return cell_html('<span class="badge failed" title="{}">{}</span>', _("一票否决（第十三条）"), row["grade"])
    return cell_html('<span class="badge grade-{}">{}</span>', row["grade"], row["grade"])


RATING_TABLE = ListTable("ratings", [
    Column("reference", _("编号"), cell='<a href="{url}">{reference}</a>', sort="reference", search="reference"),
    Column("enterprise", _("企业"), cell="{enterprise}", search="enterprise__organisation__name"),
    Column("kind", _("类型"), cell="{kind_label}"),
    Column("year", _("年度"), cell="{year}"),
    Column("state", _("状态"), cell="{state_label}", sort="state"),
    Column("score", _("信用分值"), cell="{score}", css="num"),
    Column("grade", _("等级"), cell=_grade),
    Column("created", _("创建时间"), cell="{created}", sort="created_at"),
], default_sort="-created", empty=_("暂无信用评价。"), search_also=("enterprise__credit_code",))


def rating_rows(values: list[tuple]) -> list[dict[str, Any]]:
    rows = []
    for pk, created, reference, name, kind, year, state, score, grade, veto in values:
        rows.append({"url": reverse("credit:rating_detail", args=[pk]), "reference": reference, "enterprise": name,
                     "kind_label": str(KIND_LABELS.get(kind, kind)), "year": year,
                     "state_label": state_label(Rating, state), "score": "" if score is None else f"{score:.2f}",
                     "grade": grade, "veto": veto, "created": created.strftime("%Y-%m-%d")})
    return rows


# The public list of final grades (第九条第四项), no login.
GRADE_TABLE = ListTable("grades", [
    Column("enterprise", _("企业名称"), cell="{enterprise}", search="enterprise__organisation__name"),
    Column("credit_code", _("统一社会信用代码"), cell="{credit_code}", search="enterprise__credit_code"),
    Column("kind", _("企业类型"), cell="{kind_label}"),
    Column("year", _("评价年度"), cell="{year}"),
    Column("grade", _("信用等级"), cell="{grade_label}", sort="grade"),
], default_sort="", empty=_("暂无公布的信用评价结果。"))

GRADE_LABELS = dict(ch.Grade.choices)


def grade_rows(values: list[tuple]) -> list[dict[str, Any]]:
    return [{"enterprise": name, "credit_code": code, "kind_label": str(KIND_LABELS.get(kind, kind)), "year": year,
             "grade_label": str(GRADE_LABELS.get(grade, grade))}
            for _pk, _created, name, code, kind, year, grade, _final in values]


STAR_TABLE = ListTable("stars", [
    Column("reference", _("编号"), cell='<a href="{url}">{reference}</a>', sort="reference", search="reference"),
    Column("project", _("项目"), cell="{project}", search="project_name"),
    Column("enterprise", _("物业服务企业"), cell="{enterprise}", search="enterprise__organisation__name"),
    Column("state", _("状态"), cell="{state_label}", sort="state"),
    Column("stars", _("星级"), cell="{stars}"),
    Column("valid_until", _("有效期至"), cell="{valid_until}"),
    Column("created", _("申报时间"), cell="{created}", sort="created_at"),
], default_sort="-created", empty=_("暂无星级评价申报。"))


def star_rows(values: list[tuple]) -> list[dict[str, Any]]:
    return [{"url": reverse("credit:star_detail", args=[pk]), "reference": ref, "project": project,
             "enterprise": name, "state_label": state_label(StarApplication, state),
             "stars": "★" * stars if stars else "", "valid_until": valid.isoformat() if valid else "",
             "created": created.strftime("%Y-%m-%d")}
            for pk, created, ref, project, name, state, stars, valid in values]
