"""The calendar page: review a year, correct rows, confirm the year (administrators)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cchc.units.models import Unit
from cchc.units.permissions import visible_units

from . import queries, services
from .forms import CalendarDayForm, ConfirmYearForm
from .models import CalendarDay

UNIT_PARAM = "don_vi"


def _this_year() -> int:
    return timezone.localdate().year


def _scope(request) -> Unit | None:
    code = request.GET.get(UNIT_PARAM) or request.POST.get(UNIT_PARAM)
    if not code:
        return None
    unit = visible_units(request.user).filter(code=code).first()
    if unit is None:
        raise PermissionDenied("Bạn không được xem lịch của đơn vị này.")
    return unit


def _year_url(year: int, unit: Unit | None) -> str:
    url = reverse("calendar-year", kwargs={"year": year})
    return f"{url}?{UNIT_PARAM}={unit.code}" if unit else url


def _require_manage(request, unit: Unit | None) -> None:
    if not services.can_manage(request.user, unit):
        raise PermissionDenied("Chỉ quản trị hệ thống mới được thay đổi lịch làm việc.")


def _page(
    request,
    year: int,
    unit: Unit | None,
    *,
    day_form=None,
    editing=None,
    confirm_form=None,
    status=200,
):
    this_year = _this_year()
    can_manage = services.can_manage(request.user, unit)
    rows = list(queries.year_days(year, unit))
    if day_form is None and editing is not None:
        day_form = CalendarDayForm(
            initial={
                "date": editing.date,
                "kind": editing.kind,
                "name": editing.name,
                "legal_basis": editing.legal_basis,
            }
        )
    context = {
        "year": year,
        "unit": unit,
        "unit_param": UNIT_PARAM,
        "rows": rows,
        "confirmation": queries.year_confirmation(year, unit),
        "unconfirmed": queries.unconfirmed_years({year, this_year, this_year + 1}, unit),
        "can_manage": can_manage,
        "day_form": day_form or CalendarDayForm(),
        "editing": editing,
        "confirm_form": confirm_form or ConfirmYearForm(),
        "years": list(range(min(year, this_year - 5), max(year, this_year + 2) + 1)),
        "units": queries.units_for_calendar(request.user),
        "has_unconfirmed_rows": any(not r.is_confirmed for r in rows),
    }
    return render(request, "workcal/calendar_year.html", context, status=status)


@login_required
def calendar_year(request, year: int | None = None):
    """A year's non-working and make-up days, their source and confirmation state."""
    if year is None:
        picked = request.GET.get("nam", "")
        year = (
            int(picked)
            if picked.isdigit() and services.FIRST_YEAR <= int(picked) <= services.LAST_YEAR
            else _this_year()
        )
        if picked:
            return redirect(_year_url(year, _scope(request)))
    if not services.FIRST_YEAR <= year <= services.LAST_YEAR:
        return redirect(_year_url(_this_year(), None))
    unit = _scope(request)
    editing = None
    if request.GET.get("sua"):
        editing = get_object_or_404(queries.year_days(year, unit), pk=request.GET["sua"])
        if not editing.is_editable:
            editing = None
    return _page(request, year, unit, editing=editing)


def _save_day(request, year: int, row: CalendarDay | None):
    unit = row.scope if row is not None else _scope(request)
    _require_manage(request, unit)
    form = CalendarDayForm(request.POST)
    if form.is_valid():
        try:
            if row is None:
                row = services.add_day(request.user, unit=unit, **form.cleaned_data)
                messages.success(request, f"Đã thêm ngày {row.date:%d/%m/%Y} vào lịch.")
            else:
                row = services.update_day(request.user, row, **form.cleaned_data)
                messages.success(request, f"Đã cập nhật ngày {row.date:%d/%m/%Y}.")
            return redirect(_year_url(row.date.year, unit))
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                for error in exc.messages:
                    form.add_error(None, error)
    return _page(request, year, unit, day_form=form, editing=row, status=400)


@login_required
@require_POST
def day_add(request, year: int):
    return _save_day(request, year, None)


@login_required
def day_edit(request, year: int, pk: int):
    row = get_object_or_404(CalendarDay.objects.select_related("scope"), pk=pk)
    if request.method != "POST":
        return redirect(
            f"{_year_url(year, row.scope)}{'&' if row.scope else '?'}sua={row.pk}#sua-ngay"
        )
    return _save_day(request, year, row)


@login_required
@require_POST
def day_delete(request, year: int, pk: int):
    row = get_object_or_404(CalendarDay.objects.select_related("scope"), pk=pk)
    _require_manage(request, row.scope)
    try:
        services.delete_day(request.user, row)
        messages.success(request, f"Đã xóa ngày {row.date:%d/%m/%Y} khỏi lịch.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_year_url(year, row.scope))


@login_required
@require_POST
def year_confirm(request, year: int):
    unit = _scope(request)
    _require_manage(request, unit)
    form = ConfirmYearForm(request.POST)
    if form.is_valid():
        try:
            services.confirm_year(year, request.user, form.cleaned_data["notice_ref"], unit=unit)
            messages.success(
                request, f"Đã xác nhận lịch năm {year} theo {form.cleaned_data['notice_ref']}."
            )
            return redirect(_year_url(year, unit))
        except ValidationError as exc:
            for field, errors in getattr(exc, "message_dict", {None: exc.messages}).items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
    return _page(request, year, unit, confirm_form=form, status=400)


@login_required
@require_POST
def year_seed(request, year: int):
    _require_manage(request, None)
    try:
        result = services.seed_year(year, request.user)
        messages.success(request, str(result))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_year_url(year, None))
