"""Finding a procedure on the public portal: search without diacritics, filters by sector,
level, the place one submits at, life event, online and postal, pages of results."""

import re

import pytest
from django.urls import reverse

from cchc.catalog.models import Level, OnlineMode
from cchc.catalog.tests.factories import ProcedureFactory, SectorFactory
from cchc.units.models import Role
from cchc.units.tests.factories import staff_with_role

from ..catalogue_views import PAGE_SIZE
from .test_portal_procedures_setup import build_catalogue, build_places

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    places = build_places()
    return build_catalogue(), places


def found(client, **params) -> list[str]:
    response = client.get(reverse("portal-procedures"), params)
    assert response.status_code == 200, response.content.decode()[:500]
    return re.findall(r'class="portal-result-name" href="/dvc/thu-tuc/([^/"]+)/', response.text)


def test_search_without_diacritics_finds_the_vietnamese_name(client, catalogue):
    """As a citizen typing on a phone without Vietnamese keys, "dang ky khai sinh" finds
    "Đăng ký khai sinh"; upper case and "Đ" written as "d" work too."""
    assert found(client, q="dang ky khai sinh") == ["HOTICH.X01"]
    assert found(client, q="ĐĂNG KÝ KHAI SINH") == ["HOTICH.X01"]
    assert sorted(found(client, q="DANG KY")) == ["HOTICH.X01", "HOTICH.X02", "NUOICONNUOI.T02"]
    assert found(client, q="giay phep xay dung") == ["XAYDUNG.H01"]


def test_only_procedures_in_force_for_citizens_are_listed(client, catalogue):
    """As a citizen I never see an abolished procedure or an internal one (TTHC nội bộ)."""
    assert found(client, q="karaoke") == []
    assert found(client, q="noi bo") == []
    assert sorted(found(client)) == ["HOTICH.X01", "HOTICH.X02", "NUOICONNUOI.T02", "XAYDUNG.H01"]


def test_filters_by_sector_level_online_and_postal(client, catalogue):
    """As a citizen I narrow the list by sector, level, "can be done online" and "by post"."""
    assert found(client, sector="XAYDUNG") == ["XAYDUNG.H01"]
    assert found(client, level=Level.DISTRICT) == ["XAYDUNG.H01"]
    assert found(client, level=Level.PROVINCE) == ["NUOICONNUOI.T02"]
    assert sorted(found(client, online="on")) == ["HOTICH.X01", "HOTICH.X02"]
    assert sorted(found(client, postal="on")) == ["HOTICH.X01", "XAYDUNG.H01"]
    assert found(client, online="on", postal="on", q="khai sinh") == ["HOTICH.X01"]


def test_a_unit_means_the_procedures_received_at_its_desk(client, catalogue):
    """As a citizen of Phú Lộc I choose my commune and see what I can do at its desk: since
    01/07/2025 that includes the former district procedures; the public service centre takes
    the province procedures."""
    assert sorted(found(client, unit="CT-PHULOC")) == ["HOTICH.X01", "HOTICH.X02", "XAYDUNG.H01"]
    assert found(client, unit="CT-TTPVHCC") == ["NUOICONNUOI.T02"]
    response = client.get(reverse("portal-procedures"), {"unit": "CT-PHULOC"})
    assert "Các thủ tục nộp tại <strong>Bộ phận Một cửa – UBND xã Phú Lộc</strong>" in response.text
    # The procedure pages opened from here say where to go for this commune.
    assert 'href="/dvc/thu-tuc/HOTICH.X01/?unit=CT-PHULOC"' in response.text


def test_units_that_no_longer_exist_are_not_offered(client, catalogue):
    """As a citizen I only choose among units that exist today; an old commune's code is a
    bad filter, answered 400 with a message and no results."""
    page = client.get(reverse("portal-procedures")).text
    assert 'value="CT-PHULOC"' in page and 'value="CT-HUNGLOI"' in page
    assert 'value="TT-PHULOC"' not in page and 'value="CT"' not in page
    response = client.get(reverse("portal-procedures"), {"unit": "TT-PHULOC"})
    assert response.status_code == 400
    assert "Điều kiện tìm kiếm chưa hợp lệ" in response.text
    assert "portal-result-name" not in response.text


def test_a_life_event_lists_its_procedures(client, catalogue):
    """As new parents I open "Sinh con" and see the procedures a birth needs (public ones
    only), under the event's name and picture."""
    response = client.get(reverse("portal-procedures"), {"event": "sinh-con"})
    assert found(client, event="sinh-con") == ["HOTICH.X01"]
    assert "<h1>Sinh con</h1>" in response.text and "Khai sinh cho trẻ." in response.text
    assert found(client, event="xay-sua-nha") == ["XAYDUNG.H01"]
    assert client.get(reverse("portal-procedures"), {"event": "khong-co"}).status_code == 400


def test_results_come_in_pages(client, db):
    """As a citizen browsing everything I get the list page by page."""
    sector = SectorFactory(code="CHUNGTHUC", name="Chứng thực")
    for number in range(PAGE_SIZE + 5):
        ProcedureFactory(code=f"CT.{number:03d}", name=f"Chứng thực số {number:03d}", sector=sector)
    first = client.get(reverse("portal-procedures"))
    assert f"Tìm thấy {PAGE_SIZE + 5} thủ tục, trang 1/2." in first.text
    assert len(found(client)) == PAGE_SIZE
    second = found(client, page=2)
    assert second == [f"CT.{number:03d}" for number in range(PAGE_SIZE, PAGE_SIZE + 5)]


def test_the_list_needs_no_login_and_is_the_same_for_staff(client, catalogue):
    """As a citizen I search without an account; a signed-in officer sees the same list."""
    anonymous = found(client, q="dang ky")
    client.force_login(staff_with_role(Role.ONE_STOP_OFFICER))
    assert found(client, q="dang ky") == anonymous
    assert client.get(reverse("portal-procedures")).status_code == 200


@pytest.mark.parametrize("mode", [OnlineMode.FULL, OnlineMode.PARTIAL])
def test_online_badge_says_how_much_can_be_done_online(client, db, mode):
    """As a citizen I see at a glance whether a procedure is fully or partly online."""
    ProcedureFactory(code="TT.1", name="Thủ tục trực tuyến", online_mode=mode)
    page = client.get(reverse("portal-procedures")).text
    expected = "Trực tuyến toàn trình" if mode == OnlineMode.FULL else "Trực tuyến một phần"
    assert expected in page
