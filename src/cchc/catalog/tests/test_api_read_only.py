"""The read-only catalogue API for other systems and the portal."""

from datetime import date

import pytest
from django.urls import reverse

from ..models import ProcedureVersion
from .factories import ProcedureFactory, SectorFactory


@pytest.fixture
def catalogue(db):
    civil = SectorFactory(code="HOTICH", name="Hộ tịch")
    paternity = ProcedureFactory(
        code="1.001022",
        name="Đăng ký nhận cha, mẹ, con",
        sector=civil,
        processing_time="3d",
        published_on=date(2020, 6, 29),
        postal=True,
    )
    ProcedureVersion.objects.create(
        procedure=paternity, effective_from=date(2021, 7, 1), processing_time="2d"
    )
    ProcedureFactory(
        code="1.001193", name="Đăng ký khai sinh", sector=civil, level="commune", online_mode="full"
    )
    ProcedureFactory(
        code="2.000001", name="Cấp giấy phép xây dựng", level="district", online_mode="none"
    )


def test_api_lists_with_the_page_filters_and_search(client, specialist, catalogue):
    """As another system, I list procedures with the same search and filters as the page."""
    client.force_login(specialist)
    url = reverse("api-procedure-list")
    body = client.get(url, {"q": "DANG KY"}).json()
    assert body["count"] == 2
    assert {r["code"] for r in body["results"]} == {"1.001022", "1.001193"}
    body = client.get(url, {"level": "district"}).json()
    assert [r["code"] for r in body["results"]] == ["2.000001"]
    body = client.get(url, {"sector": "HOTICH", "postal": "1"}).json()
    assert [(r["code"], r["processing_time"], r["sector_name"]) for r in body["results"]] == [
        ("1.001022", "2d", "Hộ tịch")
    ]
    assert client.get(url, {"level": "tinh"}).status_code == 400


def test_api_detail_has_versions(client, specialist, catalogue):
    """As another system, the detail of a procedure has its version history."""
    client.force_login(specialist)
    body = client.get(reverse("api-procedure-detail", args=["1.001022"])).json()
    assert body["name"] == "Đăng ký nhận cha, mẹ, con"
    assert [(v["effective_from"], v["processing_time"]) for v in body["versions"]] == [
        ("2020-06-29", "3d"),
        ("2021-07-01", "2d"),
    ]
    assert client.get(reverse("api-procedure-detail", args=["KHONG.CO"])).status_code == 404


def test_api_needs_a_signed_in_staff_member(client, no_role_user, catalogue):
    """As an anonymous caller or an account without a role, I am refused."""
    url = reverse("api-procedure-list")
    assert client.get(url).status_code in (401, 403)
    client.force_login(no_role_user)
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code in (403, 405)
