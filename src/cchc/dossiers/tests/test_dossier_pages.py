"""Officers work from queues and the dossier page; other units' officers see nothing of it."""

import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from docx import Document

from cchc.units.tests.factories import PASSWORD

from ..models import Status
from .factories import accept, dossier_in

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_overdue_dossiers_are_counted_and_highlighted_in_the_queue(client, world):
    """As a desk officer I see at a glance which dossiers are overdue."""
    dossier = accept(world)  # received Mon 02/03/2026 08:00, due Thu 05/03 08:00
    with time_machine.travel("2026-03-06 09:00 +0700"):
        page = login(client, world.desk).get(reverse("dossier-queues") + "?hang=overdue")
    html = page.content.decode()
    assert page.status_code == 200
    assert dossier.code in html
    assert 'class="overdue"' in html
    assert "Quá hạn" in html


def test_queue_search_by_code_or_applicant(client, world):
    """As a desk officer I find a dossier by typing part of its code or the applicant's name."""
    dossier = accept(world)
    login(client, world.desk)
    with time_machine.travel("2026-03-06 09:00 +0700"):
        by_name = client.get(reverse("dossier-queues"), {"hang": "overdue", "q": "Nguyễn Thị"})
        by_other = client.get(reverse("dossier-queues"), {"hang": "overdue", "q": "Trần Văn"})
    assert dossier.code in by_name.content.decode()
    assert dossier.code not in by_other.content.decode()


def test_dossier_page_shows_steps_timeline_and_printable_forms(client, world):
    """As a specialist I open a dossier and see its steps, its history and the forms to print."""
    dossier = accept(world)
    html = (
        login(client, world.specialist)
        .get(reverse("dossier-detail", args=[dossier.pk]))
        .content.decode()
    )
    assert dossier.code in html
    assert "Thẩm định hồ sơ, dự thảo kết quả" in html
    assert "Tiếp nhận hồ sơ" in html
    assert reverse("dossier-print", args=[dossier.pk, "01"]) in html


def test_receipt_downloads_as_a_docx_with_the_code(client, world):
    """As a desk officer I download the receipt and print it."""
    dossier = accept(world)
    response = login(client, world.desk).get(reverse("dossier-print", args=[dossier.pk, "01"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.content))
    assert any(dossier.code in p.text for p in document.paragraphs)
    assert (
        login(client, world.desk).get(reverse("dossier-print", args=[dossier.pk, "04"])).status_code
        == 404
    )


@pytest.mark.parametrize("name", ["dossier-detail", "dossier-print"])
def test_an_officer_of_another_commune_gets_404(client, world, name):
    """As an officer of a neighbouring commune I cannot open, print or even detect this dossier."""
    dossier = accept(world)
    args = [dossier.pk, "01"] if name == "dossier-print" else [dossier.pk]
    assert login(client, world.outsider).get(reverse(name, args=args)).status_code == 404


def test_queues_of_another_commune_do_not_list_the_dossier(client, world):
    """As an officer of a neighbouring commune my queues never list this commune's dossiers."""
    dossier = accept(world)
    login(client, world.outsider)
    with time_machine.travel("2026-03-06 09:00 +0700"):
        for queue in ["mine", "office", "awaiting_return", "due_today", "due_tomorrow", "overdue"]:
            assert (
                dossier.code
                not in client.get(reverse("dossier-queues"), {"hang": queue}).content.decode()
            )


def test_a_district_leader_opens_a_commune_dossier(client, world):
    """As a district leader I can open the dossiers of my communes."""
    dossier = accept(world)
    assert (
        login(client, world.district_leader)
        .get(reverse("dossier-detail", args=[dossier.pk]))
        .status_code
        == 200
    )


def test_anonymous_visitors_are_sent_to_login(client, world):
    """As an anonymous visitor I cannot reach any dossier page."""
    dossier = accept(world)
    for url in [reverse("dossier-queues"), reverse("dossier-detail", args=[dossier.pk])]:
        assert reverse("login") in client.get(url)["Location"]


def test_attachments_are_served_only_to_those_who_may_see_the_dossier(
    client, world, settings, tmp_path
):
    """As a specialist I download a scanned paper; an officer of another commune cannot."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .. import services

    settings.MEDIA_ROOT = tmp_path / "files"
    dossier = accept(world)
    attachment = services.add_attachment(
        world.desk, dossier, SimpleUploadedFile("Giấy chứng sinh.pdf", b"%PDF-1.7 scan")
    )
    url = reverse("dossier-attachment", args=[dossier.pk, attachment.pk])
    response = login(client, world.specialist).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 scan"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert login(client, world.outsider).get(url).status_code == 404


def test_a_paused_dossier_says_since_when_its_clock_is_stopped(client, world):
    """As a specialist I see that a dossier waiting for a supplement has its clock stopped, and since when."""
    d = dossier_in(world, Status.AWAITING_SUPPLEMENT)
    assert client.login(username=world.specialist.username, password=PASSWORD)
    page = client.get(reverse("dossier-detail", args=[d.pk])).content.decode()
    assert "Tạm dừng tính thời gian" in page
    assert f"từ {timezone.localtime(d.supplement_requested_at):%H:%M %d/%m/%Y}" in page
    running = dossier_in(world, Status.PROCESSING)
    page = client.get(reverse("dossier-detail", args=[running.pk])).content.decode()
    assert "Tạm dừng tính thời gian" not in page
