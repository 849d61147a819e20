"""Pages of the working-day calendar: the deadline calculator (期限计算器) for clerks."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .forms import PeriodCalculatorForm
from .periods import CalendarError, PeriodResult, period_end
from .selectors import calendar_coverage_warnings


@login_required
def calculator(request: HttpRequest) -> HttpResponse:
    """Compute a period's end from the GET form and show how it was counted, day by day."""
    result: PeriodResult | None = None
    form = PeriodCalculatorForm(request.GET or None)
    if form.is_bound and form.is_valid():
        try:
            result = period_end(form.start(), form.cleaned_data["amount"], form.cleaned_data["unit"])
        except CalendarError as exc:
            field = {"start": "start_date"}.get(exc.field, exc.field)
            form.add_error(field if field in form.fields else None, exc.message)
    return render(
        request,
        "workcalendar/calculator.html",
        {
            "form": form,
            "result": result,
            "summary": result.summary() if result else "",
            "warnings": calendar_coverage_warnings(timezone.localdate()),
        },
    )
