"""The administrator's page to review, correct and confirm a year's calendar."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from cchc.units.models import Role
from cchc.units.tests.factories import UnitFactory, staff_with_role
from cchc.workcal import services
from cchc.workcal.models import CalendarDay, CalendarYear, DayKind, DaySource

pytestmark = pytest.mark.django_db

YEAR_URL = reverse("calendar-year", kwargs={"year": 2026})


@pytest.fixture(autouse=True)
def mid_2026():
    with time_machine.travel("2026-06-01 09:00 +0700", tick=False):
        yield


@pytest.fixture
def admin(client):
    user = staff_with_role(Role.ADMINISTRATOR)
    client.force_login(user)
    return user


@pytest.fixture
def officer(client):
    user = staff_with_role(Role.ONE_STOP_OFFICER)
    client.force_login(user)
    return user


@pytest.fixture
def seeded():
    services.seed_year(2026)


def test_administrator_reviews_the_year(client, admin, seeded):
    """As an administrator, I see the year's days with Vietnamese weekday, kind, name, legal basis, source and state."""
    response = client.get(YEAR_URL)
    page = response.content.decode()
    assert response.status_code == 200
    for text in (
        "31/08/2026",
        "Thứ Hai",
        "Ngày nghỉ hoán đổi",
        "22/08/2026",
        "Thứ Bảy",
        "Ngày làm bù",
        "Thông báo 9441/TB-BNV",
        "Nạp tự động",
        "Chưa xác nhận",
        "Xác nhận lịch năm",
    ):
        assert text in page
    assert "Lịch làm việc năm 2026 <strong>chưa được xác nhận</strong>" in page
    assert '<label for="id_notice_ref">' in page


def test_year_picker_and_default_year(client, admin):
    """As an administrator, I land on the current year and can pick another one."""
    assert "Lịch làm việc năm 2026" in client.get(reverse("calendar-year")).content.decode()
    response = client.get(reverse("calendar-year"), {"nam": "2025"})
    assert response.status_code == 302 and response["Location"].endswith("/lich-lam-viec/2025/")


def test_menu_entry_for_administrators_only(client, admin):
    """As an administrator, the menu leads me to the calendar; other staff do not see it."""
    assert 'href="/lich-lam-viec/"' in client.get(reverse("home")).content.decode()
    client.force_login(staff_with_role(Role.ONE_STOP_OFFICER))
    assert 'href="/lich-lam-viec/"' not in client.get(reverse("home")).content.decode()


def test_non_administrators_get_403_on_every_write(client, officer, seeded):
    """As a one-stop officer, I may look at the calendar but every change is refused with 403."""
    row = CalendarDay.objects.get(date=date(2026, 11, 24))
    page = client.get(YEAR_URL)
    assert page.status_code == 200 and "Xác nhận lịch năm" not in page.content.decode()
    writes = [
        (
            reverse("calendar-day-add", kwargs={"year": 2026}),
            {"date": "31/12/2026", "kind": "holiday", "name": "x"},
        ),
        (
            reverse("calendar-day-edit", kwargs={"year": 2026, "pk": row.pk}),
            {"date": "24/11/2026", "kind": "holiday", "name": "x"},
        ),
        (reverse("calendar-day-delete", kwargs={"year": 2026, "pk": row.pk}), {}),
        (
            reverse("calendar-year-confirm", kwargs={"year": 2026}),
            {"notice_ref": "Thông báo 9441/TB-BNV"},
        ),
        (reverse("calendar-year-seed", kwargs={"year": 2027}), {}),
    ]
    for url, data in writes:
        assert client.post(url, data).status_code == 403, url
    assert CalendarDay.objects.get(pk=row.pk).name == "Ngày Văn hóa Việt Nam"
    assert not CalendarDay.objects.filter(date__year__in=[2027]).exists()
    assert not CalendarYear.objects.exists()


def test_anonymous_visitors_are_sent_to_login(client):
    """As an anonymous visitor, I must sign in to see the calendar."""
    response = client.get(YEAR_URL)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_administrator_adds_a_day(client, admin, seeded):
    """As an administrator, I add a day the notice announced and it counts at once."""
    response = client.post(
        reverse("calendar-day-add", kwargs={"year": 2026}),
        {
            "date": "31/12/2026",
            "kind": "holiday",
            "name": "Nghỉ theo thông báo của tỉnh",
            "legal_basis": "Công văn 1/UBND",
        },
    )
    assert response.status_code == 302
    row = CalendarDay.objects.get(date=date(2026, 12, 31), scope=None)
    assert row.source == DaySource.MANUAL and row.confirmed_by == admin
    assert not services.calendar_for().is_working_day(date(2026, 12, 31))


def test_invalid_input_keeps_typed_values_with_vietnamese_errors(client, admin, seeded):
    """As an administrator, a mistyped form comes back with my values and Vietnamese errors next to the fields."""
    response = client.post(
        reverse("calendar-day-add", kwargs={"year": 2026}),
        {"date": "31/02/2026", "kind": "makeup", "name": "", "legal_basis": "Công văn 99"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Ngày không hợp lệ; dùng dạng ngày/tháng/năm" in page
    assert "Vui lòng nhập tên ngày" in page
    assert 'value="31/02/2026"' in page and 'value="Công văn 99"' in page
    assert '<option value="makeup" selected>' in page
    assert 'aria-invalid="true"' in page
    assert not CalendarDay.objects.filter(legal_basis="Công văn 99").exists()


def test_service_rule_errors_are_shown_on_the_field(client, admin, seeded):
    """As an administrator, a date already in the calendar is refused with a message on the date field."""
    response = client.post(
        reverse("calendar-day-add", kwargs={"year": 2026}),
        {"date": "01/01/2026", "kind": "holiday", "name": "Trùng ngày"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Ngày 01/01/2026 đã có trong lịch" in page and 'value="Trùng ngày"' in page


def test_administrator_corrects_and_deletes_unconfirmed_rows(client, admin, seeded):
    """As an administrator, I correct one seeded row and delete another before confirming."""
    row = CalendarDay.objects.get(date=date(2026, 4, 27))
    form_page = client.get(
        reverse("calendar-day-edit", kwargs={"year": 2026, "pk": row.pk}), follow=True
    )
    assert "Sửa ngày 27/04/2026" in form_page.content.decode()
    response = client.post(
        reverse("calendar-day-edit", kwargs={"year": 2026, "pk": row.pk}),
        {
            "date": "27/04/2026",
            "kind": DayKind.COMPENSATORY,
            "name": "Nghỉ bù Giỗ Tổ Hùng Vương",
            "legal_basis": "Thông báo 9441/TB-BNV",
        },
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.name == "Nghỉ bù Giỗ Tổ Hùng Vương" and row.source == DaySource.MANUAL
    other = CalendarDay.objects.get(date=date(2026, 11, 24))
    assert (
        client.post(
            reverse("calendar-day-delete", kwargs={"year": 2026, "pk": other.pk})
        ).status_code
        == 302
    )
    assert not CalendarDay.objects.filter(pk=other.pk).exists()


def test_confirming_the_year(client, admin, seeded):
    """As an administrator, "Xác nhận lịch năm" with the notice number confirms every row and removes the warning."""
    url = reverse("calendar-year-confirm", kwargs={"year": 2026})
    missing = client.post(url, {"notice_ref": ""})
    assert (
        missing.status_code == 400 and "Vui lòng nhập số hiệu văn bản" in missing.content.decode()
    )
    assert client.post(url, {"notice_ref": "Thông báo 9441/TB-BNV"}).status_code == 302
    assert CalendarYear.objects.get(year=2026, scope=None).confirmed_by == admin
    assert not CalendarDay.objects.filter(date__year=2026, confirmed_at__isnull=True).exists()
    page = client.get(YEAR_URL).content.decode()
    assert "Lịch làm việc năm 2026 <strong>chưa được xác nhận" not in page
    assert "Đã khóa" in page  # confirmed seeded rows can no longer be edited from the page
    locked = CalendarDay.objects.get(date=date(2026, 1, 1))
    response = client.post(
        reverse("calendar-day-edit", kwargs={"year": 2026, "pk": locked.pk}),
        {"date": "01/01/2026", "kind": "holiday", "name": "x"},
    )
    assert (
        response.status_code == 400
        and CalendarDay.objects.get(pk=locked.pk).name == "Tết Dương lịch"
    )


def test_seed_button_fills_an_empty_year(client, admin):
    """As an administrator, I fill an empty year with the proposed days from the page."""
    assert (
        "Nạp lịch gợi ý năm 2027"
        in client.get(reverse("calendar-year", kwargs={"year": 2027})).content.decode()
    )
    assert client.post(reverse("calendar-year-seed", kwargs={"year": 2027})).status_code == 302
    assert CalendarDay.objects.filter(date__year=2027, source=DaySource.SEEDED).exists()


def test_unit_days_need_the_administrator_role_in_that_unit(client):
    """As an administrator of one district, I manage its own days but not those of a unit outside my reach."""
    mine, other = UnitFactory(code="HUYEN1"), UnitFactory(code="HUYEN2")
    user = staff_with_role(Role.ADMINISTRATOR, unit=mine)
    client.force_login(user)
    add = reverse("calendar-day-add", kwargs={"year": 2026})
    data = {"date": "15/10/2026", "kind": "holiday", "name": "Ngày truyền thống huyện"}
    assert client.post(f"{add}?don_vi=HUYEN1", data).status_code == 302
    assert CalendarDay.objects.get(scope=mine).name == "Ngày truyền thống huyện"
    assert client.post(f"{add}?don_vi=HUYEN2", data).status_code == 403
    assert not services.calendar_for(mine).is_working_day(date(2026, 10, 15))
    assert services.calendar_for(other).is_working_day(date(2026, 10, 15))
    assert services.calendar_for().is_working_day(date(2026, 10, 15))


def test_home_page_warns_when_this_year_has_no_confirmed_calendar(client, db):
    """As an administrator I am warned on my home page that this year's calendar is unconfirmed."""
    from django.urls import reverse
    from django.utils import timezone

    from cchc.units.models import Role
    from cchc.units.tests.factories import PASSWORD, staff_with_role
    from cchc.workcal.services import confirm_year, seed_year

    year = timezone.localdate().year
    admin = staff_with_role(Role.ADMINISTRATOR)
    client.login(username=admin.username, password=PASSWORD)
    page = client.get(reverse("home")).content.decode()
    assert f"Lịch làm việc năm {year} chưa được xác nhận" in page
    assert f"Lịch làm việc năm {year + 1} chưa được xác nhận" in page
    seed_year(year)
    confirm_year(year, admin, "Thông báo 9441/TB-BNV")
    page = client.get(reverse("home")).content.decode()
    assert f"năm {year} chưa được xác nhận" not in page
    assert f"năm {year + 1} chưa được xác nhận" in page
