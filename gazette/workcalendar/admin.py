"""Admin pages of the working-day calendar (节假日调整, 官方节假日安排). Every write goes through the services so
the calendar is reset in every process and ``calendar_changed`` is sent."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import OfficialYearLoadForm
from .models import CalendarOverride, OfficialYear
from .table import WEEKDAY_ZH


class YearListFilter(admin.SimpleListFilter):
    title = _("年份")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = CalendarOverride.objects.dates("date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request, queryset):
        return queryset.filter(date__year=int(self.value())) if self.value() else queryset


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ("date", "weekday", "is_working_day", "name", "source", "created_by", "updated_at")
    list_filter = (YearListFilter, "is_working_day")
    search_fields = ("name", "note", "source")
    date_hierarchy = "date"
    readonly_fields = ("created_by", "created_at", "updated_at")
    list_select_related = ("created_by",)

    @admin.display(description=_("星期"))
    def weekday(self, obj: CalendarOverride) -> str:
        return WEEKDAY_ZH[obj.date.weekday()]

    def save_model(self, request: HttpRequest, obj: CalendarOverride, form, change: bool) -> None:
        services.override_save(override=obj, user=request.user)

    def delete_model(self, request: HttpRequest, obj: CalendarOverride) -> None:
        services.override_delete(overrides=[obj])

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        services.override_delete(overrides=list(queryset))


@admin.register(OfficialYear)
class OfficialYearAdmin(admin.ModelAdmin):
    """Years loaded from the State Council's notice; added only through the CSV upload page."""

    list_display = ("year", "source", "loaded_at", "loaded_by")
    readonly_fields = ("year", "source", "loaded_at", "loaded_by")
    list_select_related = ("loaded_by",)
    change_list_template = "admin/workcalendar/officialyear/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: OfficialYear) -> None:
        services.official_year_delete(official_year=obj)

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        for obj in queryset:
            services.official_year_delete(official_year=obj)

    def get_urls(self):
        return [
            path("load/", self.admin_site.admin_view(self.load_view), name="workcalendar_officialyear_load"),
            *super().get_urls(),
        ]

    def load_view(self, request: HttpRequest) -> HttpResponse:
        """录入年度官方节假日安排: upload a CSV, validated completely before anything is written."""
        if not (request.user.has_perm("workcalendar.add_officialyear")
                and request.user.has_perm("workcalendar.add_calendaroverride")):
            raise PermissionDenied
        form = OfficialYearLoadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                result = services.official_year_load(
                    year=data["year"],
                    content=data["file"].read(),
                    source=data["source"],
                    user=request.user,
                    replace=data["replace"],
                )
            except services.CalendarFileError as exc:
                for error in exc.errors:
                    form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _("已录入%(year)s年官方节假日安排：新增%(created)s天，更新%(updated)s天，删除%(deleted)s天，保留%(kept)s天。")
                    % {"year": result.year, "created": result.created, "updated": result.updated,
                       "deleted": result.deleted, "kept": result.kept},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:workcalendar_officialyear_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("录入年度官方节假日安排"),
            "form": form,
        }
        return TemplateResponse(request, "admin/workcalendar/officialyear/load.html", context)
