"""The registers the reports count — directive documents, inspections, outreach, initiatives
— are kept on their pages: added, corrected, removed; a refused or stale change saves
nothing."""

from datetime import date

import pytest
from django.urls import reverse

from .. import services
from ..models import Directive, DirectiveKind, Initiative, Inspection, OutreachActivity
from .factories import plan_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return plan_world()


def test_adding_an_inspection_of_a_commune(client, world):
    """As the reform officer I record the inspection of Phú Lộc with what it found and fixed,
    and see it in the list."""
    client.force_login(world.officer)
    form = client.get(reverse("inspection-create")).content.decode()
    assert "UBND thị trấn Phú Lộc" in form and "Phòng Tư pháp" in form
    assert "Phòng Tư pháp Châu Thành" not in form
    response = client.post(
        reverse("inspection-create"),
        {
            "don_vi": world.district.pk,
            "year": 2024,
            "inspected_unit": world.commune.pk,
            "planned_on": "2024-09-09",
            "done_on": "10/09/2024",
            "issues_found": 4,
            "issues_fixed": 3,
            "conclusion": "Niêm yết TTHC chưa đầy đủ.",
        },
    )
    assert response.status_code == 302
    inspection = Inspection.objects.get()
    assert (inspection.inspected_unit, inspection.issues_found, inspection.issues_fixed) == (
        world.commune,
        4,
        3,
    )
    html = client.get(reverse("inspection-list"), {"nam": 2024}).content.decode()
    assert "UBND thị trấn Phú Lộc" in html and "Niêm yết TTHC chưa đầy đủ." in html


def test_more_issues_fixed_than_found_is_refused_on_the_page(client, world):
    """As the reform officer I typed 5 fixed of 3 found: told so, nothing saved."""
    client.force_login(world.officer)
    response = client.post(
        reverse("inspection-create"),
        {
            "don_vi": world.district.pk,
            "year": 2024,
            "inspected_office": world.justice.pk,
            "done_on": "2024-08-20",
            "issues_found": 3,
            "issues_fixed": 5,
        },
    )
    assert response.status_code == 400
    assert "Số vấn đề đã xử lý xong (5) không được lớn hơn số vấn đề phát hiện (3)." in (
        response.content.decode()
    )
    assert not Inspection.objects.exists()


def test_correcting_and_removing_a_directive(client, world):
    """As the reform officer I correct a document's number, then remove a duplicate; a stale
    page is refused with 409."""
    directive = services.add_directive(
        world.officer,
        world.district,
        kind=DirectiveKind.LETTER,
        number="312/UBND",
        issued_on=date(2024, 4, 15),
        summary="Tăng cường kỷ luật, kỷ cương",
    )
    client.force_login(world.officer)
    data = {
        "revision": 0,
        "kind": "letter",
        "number": "312/UBND-NV",
        "issued_on": "15/04/2024",
        "summary": "Tăng cường kỷ luật, kỷ cương",
    }
    assert client.post(reverse("directive-edit", args=[directive.pk]), data).status_code == 302
    directive.refresh_from_db()
    assert (directive.number, directive.revision) == ("312/UBND-NV", 1)
    stale = client.post(reverse("directive-edit", args=[directive.pk]), data | {"number": "X"})
    assert stale.status_code == 409
    assert "vừa được người khác cập nhật" in stale.content.decode()
    gone = client.post(reverse("directive-delete", args=[directive.pk]), {"revision": 0})
    assert gone.status_code == 409 and Directive.objects.filter(number="312/UBND-NV").exists()
    confirm = client.get(reverse("directive-delete", args=[directive.pk])).content.decode()
    assert "Xác nhận xóa" in confirm
    gone = client.post(reverse("directive-delete", args=[directive.pk]), {"revision": 1})
    assert gone.status_code == 302 and not Directive.objects.exists()


def test_outreach_and_initiatives_on_their_pages(client, world):
    """As the reform officer I record a radio programme and an applied model, and the year
    summary counts them by form and by status."""
    client.force_login(world.officer)
    assert (
        client.post(
            reverse("outreach-create"),
            {
                "don_vi": world.district.pk,
                "held_on": "2024-03-15",
                "form": "radio",
                "title": "Chuyên mục CCHC trên Đài Truyền thanh",
                "count": 12,
                "audience": "Nhân dân",
            },
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("initiative-create"),
            {
                "don_vi": world.district.pk,
                "year": 2024,
                "kind": "model",
                "name": "Công dân không viết",
                "status": "applied",
                "applied_on": "2024-05-02",
            },
        ).status_code
        == 302
    )
    assert OutreachActivity.objects.get().count == 12
    assert Initiative.objects.get().status == "applied"
    html = client.get(
        reverse("plan-summary"), {"don_vi": world.district.pk, "nam": 2024, "ky": "calendar"}
    ).content.decode()
    assert "Phát thanh, truyền hình" in html
    assert "từ ngày 01/01/2024 đến ngày 31/12/2024" in html
    outreach = html.split('data-source="Tin, bài, buổi tuyên truyền CCHC"')[1].split("</tr>")[0]
    assert '<td class="num">12</td>' in outreach
