"""Seeding the calendar table from the `holidays` package and the notices (calendar.md §1)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from cchc.units.models import Role
from cchc.units.tests.factories import UserFactory, staff_with_role
from cchc.workcal import queries, services
from cchc.workcal.models import CalendarDay, CalendarYear, DayKind, DaySource
from cchc.workcal.sources import proposed_days

pytestmark = pytest.mark.django_db


def weekdays_off(calendar, first: date, last: date) -> list[date]:
    days = [first + timedelta(n) for n in range((last - first).days + 1)]
    return [d for d in days if d.weekday() < 5 and not calendar.is_working_day(d)]


@pytest.fixture
def seeded():
    for year in range(2021, 2027):
        services.seed_year(year)
    return services.calendar_for()


def test_known_tet_breaks_after_seeding(seeded):
    """As an administrator, after seeding 2021–2026 the Tết breaks match the yearly notices."""
    assert weekdays_off(seeded, date(2021, 2, 6), date(2021, 2, 21)) == [
        date(2021, 2, 10),
        date(2021, 2, 11),
        date(2021, 2, 12),
        date(2021, 2, 15),
        date(2021, 2, 16),
    ]
    assert weekdays_off(seeded, date(2023, 1, 16), date(2023, 1, 31)) == [
        date(2023, 1, 20),
        date(2023, 1, 23),
        date(2023, 1, 24),
        date(2023, 1, 25),
        date(2023, 1, 26),
    ]
    assert weekdays_off(seeded, date(2024, 2, 5), date(2024, 2, 18)) == [
        date(2024, 2, 8),
        date(2024, 2, 9),
        date(2024, 2, 12),
        date(2024, 2, 13),
        date(2024, 2, 14),
    ]
    assert weekdays_off(seeded, date(2025, 1, 20), date(2025, 2, 7)) == [
        date(2025, 1, 27),
        date(2025, 1, 28),
        date(2025, 1, 29),
        date(2025, 1, 30),
        date(2025, 1, 31),
    ]
    assert weekdays_off(seeded, date(2026, 2, 9), date(2026, 2, 27)) == [
        date(2026, 2, 16),
        date(2026, 2, 17),
        date(2026, 2, 18),
        date(2026, 2, 19),
        date(2026, 2, 20),
    ]


def test_known_swaps_after_seeding(seeded):
    """As an administrator, after seeding the swapped weekdays are off and the make-up Saturdays are working days."""
    for off, worked in [
        (date(2024, 4, 29), date(2024, 5, 4)),
        (date(2025, 5, 2), date(2025, 4, 26)),
        (date(2026, 8, 31), date(2026, 8, 22)),
    ]:
        assert not seeded.is_working_day(off)
        assert seeded.is_working_day(worked)
        assert CalendarDay.objects.get(date=off, scope=None).kind == DayKind.SWAP_OFF
        made_up = CalendarDay.objects.get(date=worked, scope=None)
        assert made_up.kind == DayKind.MAKEUP and made_up.legal_basis
    assert not seeded.is_working_day(date(2026, 9, 1)) and not seeded.is_working_day(
        date(2026, 9, 2)
    )
    assert "9441/TB-BNV" in CalendarDay.objects.get(date=date(2026, 8, 22)).legal_basis


def test_seeded_rows_are_unconfirmed_and_named_in_vietnamese(seeded):
    """As an administrator, seeded rows wait for my confirmation and carry a Vietnamese name and a legal basis."""
    row = CalendarDay.objects.get(date=date(2026, 1, 1), scope=None)
    assert row.source == DaySource.SEEDED and not row.is_confirmed
    assert row.name == "Tết Dương lịch"
    assert "Bộ luật Lao động 2019, Điều 112" in row.legal_basis
    assert CalendarDay.objects.get(date=date(2026, 4, 27)).kind == DayKind.COMPENSATORY
    assert queries.unconfirmed_years(range(2021, 2027)) == [2021, 2022, 2023, 2024, 2025, 2026]


def test_reseeding_is_idempotent():
    """As an operator, seeding the same year twice changes nothing the second time."""
    first = services.seed_year(2026)
    rows = list(CalendarDay.objects.values_list("date", "kind", "name", "updated_at"))
    second = services.seed_year(2026)
    assert (
        first.created == len(proposed_days(2026))
        and second.created == second.updated == second.deleted == 0
    )
    assert list(CalendarDay.objects.values_list("date", "kind", "name", "updated_at")) == rows


def test_reseeding_keeps_manual_and_confirmed_rows():
    """As an administrator, my corrections survive a re-seed, while unconfirmed seeded rows follow the data again."""
    services.seed_year(2026)
    admin = staff_with_role(Role.ADMINISTRATOR)
    services.update_day(
        admin, CalendarDay.objects.get(date=date(2026, 11, 24)), name="Ngày Văn hóa (đã sửa)"
    )
    manual = services.add_day(
        admin, date=date(2026, 12, 31), kind=DayKind.HOLIDAY, name="Nghỉ cuối năm của tỉnh"
    )
    confirmed = CalendarDay.objects.get(date=date(2026, 1, 1))
    confirmed.confirmed_at, confirmed.name = confirmed.updated_at, "Tết Dương lịch (đã đối chiếu)"
    confirmed.save()
    CalendarDay.objects.filter(date=date(2026, 5, 1)).update(
        name="sai tên"
    )  # unconfirmed seeded row
    result = services.seed_year(2026)
    assert result.kept == 2 and result.updated == 1
    assert CalendarDay.objects.get(date=date(2026, 11, 24)).name == "Ngày Văn hóa (đã sửa)"
    assert CalendarDay.objects.get(pk=manual.pk).name == "Nghỉ cuối năm của tỉnh"
    assert CalendarDay.objects.get(date=date(2026, 1, 1)).name == "Tết Dương lịch (đã đối chiếu)"
    assert CalendarDay.objects.get(date=date(2026, 5, 1)).name == "Ngày Quốc tế Lao động"


def test_seeding_removes_stale_unconfirmed_rows_only():
    """As an operator, a seeded row the data no longer proposes disappears unless someone confirmed it."""
    services.seed_year(2026)
    CalendarDay.objects.create(
        date=date(2026, 10, 7), kind=DayKind.HOLIDAY, name="cũ", source=DaySource.SEEDED
    )
    assert services.seed_year(2026).deleted == 1
    assert not CalendarDay.objects.filter(date=date(2026, 10, 7)).exists()


def test_a_confirmed_year_is_not_reseeded():
    """As an administrator, once I confirmed a year, seeding it again leaves it as confirmed."""
    services.seed_year(2026)
    services.confirm_year(2026, staff_with_role(Role.ADMINISTRATOR), "Thông báo 9441/TB-BNV")
    CalendarDay.objects.filter(date=date(2026, 11, 24)).delete()
    assert services.seed_year(2026).skipped
    assert not CalendarDay.objects.filter(date=date(2026, 11, 24)).exists()


def test_confirm_year_records_who_when_and_the_notice():
    """As an administrator, confirming a year stamps every row and records the notice."""
    services.seed_year(2026)
    admin = staff_with_role(Role.ADMINISTRATOR)
    record = services.confirm_year(2026, admin, "Thông báo 9441/TB-BNV")
    assert record.confirmed_by == admin and record.notice_ref == "Thông báo 9441/TB-BNV"
    assert not CalendarDay.objects.filter(date__year=2026, confirmed_at__isnull=True).exists()
    assert set(CalendarDay.objects.values_list("confirmed_by", flat=True)) == {admin.pk}
    assert CalendarYear.objects.get(year=2026, scope=None) == record


def test_confirm_requires_a_notice_and_rows():
    """As an administrator, I cannot confirm a year without naming the notice or before it has any rows."""
    admin = staff_with_role(Role.ADMINISTRATOR)
    with pytest.raises(ValidationError):
        services.confirm_year(2026, admin, "Thông báo 9441/TB-BNV")
    services.seed_year(2026)
    with pytest.raises(ValidationError):
        services.confirm_year(2026, admin, "  ")


def test_only_administrators_seed_confirm_and_correct():
    """As a one-stop officer, I cannot change the calendar."""
    officer = staff_with_role(Role.ONE_STOP_OFFICER)
    services.seed_year(2026)
    row = CalendarDay.objects.get(date=date(2026, 11, 24))
    with pytest.raises(PermissionDenied):
        services.seed_year(2026, officer)
    with pytest.raises(PermissionDenied):
        services.confirm_year(2026, officer, "Thông báo 9441/TB-BNV")
    with pytest.raises(PermissionDenied):
        services.add_day(officer, date=date(2026, 12, 31), kind=DayKind.HOLIDAY, name="x")
    with pytest.raises(PermissionDenied):
        services.update_day(officer, row, name="x")
    with pytest.raises(PermissionDenied):
        services.delete_day(UserFactory(), row)


def test_manual_corrections_are_validated():
    """As an administrator, I am told in Vietnamese when a correction makes no sense."""
    admin = staff_with_role(Role.ADMINISTRATOR)
    services.seed_year(2026)
    with pytest.raises(ValidationError) as duplicate:
        services.add_day(admin, date=date(2026, 1, 1), kind=DayKind.HOLIDAY, name="Trùng")
    assert "đã có trong lịch" in duplicate.value.message_dict["date"][0]
    with pytest.raises(ValidationError) as weekday:
        services.add_day(admin, date=date(2026, 3, 10), kind=DayKind.MAKEUP, name="Làm bù thứ Ba")
    assert "kind" in weekday.value.message_dict
    with pytest.raises(ValidationError):
        services.add_day(admin, date=date(2026, 3, 10), kind=DayKind.HOLIDAY, name="  ")


def test_confirmed_seeded_rows_are_locked():
    """As an administrator, a confirmed row from the seeding data cannot be edited or deleted by mistake."""
    admin = staff_with_role(Role.ADMINISTRATOR)
    services.seed_year(2026)
    services.confirm_year(2026, admin, "Thông báo 9441/TB-BNV")
    row = CalendarDay.objects.get(date=date(2026, 1, 1))
    with pytest.raises(ValidationError):
        services.update_day(admin, row, name="x")
    with pytest.raises(ValidationError):
        services.delete_day(admin, row)


def test_seed_command_seeds_several_years(capsys):
    """As an operator, `cchc calendar seed 2025 2026` seeds both years and says what it did."""
    call_command("calendar", "seed", "2025", "2026")
    out = capsys.readouterr().out
    assert "Năm 2025: thêm" in out and "Năm 2026: thêm" in out
    assert CalendarDay.objects.filter(date__year=2025).count() == len(proposed_days(2025))
    assert CalendarDay.objects.filter(date__year=2026).count() == len(proposed_days(2026))


def test_confirm_command(capsys):
    """As an operator, `cchc calendar confirm 2026 --notice …` records the confirmation."""
    call_command("calendar", "seed", "2026")
    call_command("calendar", "confirm", "2026", "--notice", "Thông báo 9441/TB-BNV")
    assert CalendarYear.objects.get(year=2026).notice_ref == "Thông báo 9441/TB-BNV"
    assert "Đã xác nhận lịch năm 2026" in capsys.readouterr().out
