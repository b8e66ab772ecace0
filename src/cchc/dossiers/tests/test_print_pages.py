"""The forms Mẫu 01, 02, 04, 05 and 06 print from the browser, drawn from the DOCX's own context."""

import re

import pytest
from django.urls import reverse

from cchc.units.tests.factories import PASSWORD

from .. import printing, services
from ..models import Status
from .factories import accept, docx_text, dossier_in, local

pytestmark = pytest.mark.django_db

# Times and dates as the DOCX renderers write them.
CLOCK = re.compile(r"\d{2} giờ \d{2} phút, ngày \d{2}/\d{2}/\d{4}")
IN_WORDS = re.compile(r"[Nn]gày \d{2} tháng \d{1,2} năm \d{4}")


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def extended(world):
    d = dossier_in(world, Status.PROCESSING)  # due Thu 05/03/2026 08:00
    return services.extend(
        world.head, d, "Cần xác minh thêm", extra="2d", at=local("2026-03-03 10:00")
    )


DOSSIER_FOR_FORM = {
    "01": lambda w: accept(w),
    "02": lambda w: dossier_in(w, Status.AWAITING_SUPPLEMENT),
    "04": extended,
    "05": lambda w: dossier_in(w, Status.STOPPED),
    "06": lambda w: accept(w),
}


def page_url(dossier, form):
    return reverse("dossier-print-page", args=[dossier.pk, form])


def test_receipt_page_shows_code_applicant_appointment_and_qr(client, world, settings):
    """As a desk officer I print the receipt from the browser with the code, the appointment and its QR code."""
    settings.CCHC_PUBLIC_URL = "http://portal.example.vn"
    dossier = accept(world)  # received Mon 02/03/2026 08:00, due Thu 05/03/2026 08:00
    response = login(client, world.desk).get(page_url(dossier, "01"))
    html = response.content.decode()
    assert response.status_code == 200
    assert dossier.code in html
    assert "Nguyễn Thị Lan" in html
    assert "08 giờ 00 phút, ngày 05/03/2026" in html  # appointment
    assert "08 giờ 00 phút, ngày 02/03/2026" in html  # received
    assert "Phước Hưng, ngày 02 tháng 3 năm 2026" in html
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in html
    svg = re.search(r"<svg[^>]*class=\"qr\".*?</svg>", html, re.S)
    assert svg, "the QR code is inline SVG"
    # The QR code opens the public lookup with the code filled in.
    lookup = f"http://portal.example.vn/dvc/tra-cuu/{dossier.code}/"
    assert f"<title>Mã QR: {lookup}</title>" in svg.group(0)


def test_extension_page_shows_the_original_and_the_new_appointment(client, world):
    """As an office head I print the apology with the original and the new appointment."""
    dossier = extended(world)
    html = login(client, world.head).get(page_url(dossier, "04")).content.decode()
    assert dossier.code in html
    assert "Kính gửi: Ông/Bà Nguyễn Thị Lan." in html
    assert "08 giờ 00 phút, ngày 05/03/2026" in html  # original appointment
    assert "08 giờ 00 phút, ngày 09/03/2026" in html  # new appointment
    assert "Cần xác minh thêm" in html


def test_supplement_stop_and_trail_pages_show_their_dossier(client, world):
    """As a desk officer I print the supplement request, the stop notice and the control slip."""
    login(client, world.desk)
    supplement = dossier_in(world, Status.AWAITING_SUPPLEMENT)
    html = client.get(page_url(supplement, "02")).content.decode()
    assert supplement.code in html and "Nguyễn Thị Lan" in html
    assert "Thiếu bản sao CCCD" in html
    assert "08 giờ 00 phút, ngày 02/03/2026" in html  # received

    stopped = dossier_in(world, Status.STOPPED)
    html = client.get(page_url(stopped, "05")).content.decode()
    assert stopped.code in html and "Nguyễn Thị Lan" in html
    assert "Lý do dừng giải quyết hồ sơ: Quá hạn bổ sung." in html

    trail = accept(world)
    html = client.get(page_url(trail, "06")).content.decode()
    assert trail.code in html
    assert "08 giờ 00 phút, ngày 05/03/2026" in html  # appointment
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in html


@pytest.mark.parametrize("form", sorted(DOSSIER_FOR_FORM))
def test_print_page_and_docx_print_the_same_times_and_dates(client, world, form):
    """As a desk officer I get the same times and dates on paper whether I print the page or the DOCX."""
    dossier = DOSSIER_FOR_FORM[form](world)
    html = login(client, world.all_roles).get(page_url(dossier, form)).content.decode()
    docx = docx_text(printing.print_form(dossier, form).content)
    for pattern in (CLOCK, IN_WORDS):
        assert set(pattern.findall(html)) == set(pattern.findall(docx))
    assert CLOCK.findall(docx) + IN_WORDS.findall(docx), "the form carries a time or a date"


@pytest.mark.parametrize("form", sorted(DOSSIER_FOR_FORM))
def test_print_page_is_a4_letterhead_with_a_print_button_and_no_menu(client, world, form):
    """As a desk officer I get a clean A4 page with the national heading and an "In" button."""
    dossier = DOSSIER_FOR_FORM[form](world)
    html = login(client, world.all_roles).get(page_url(dossier, form)).content.decode()
    assert "size: A4" in html and "Times New Roman" in html and "13pt" in html
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html
    assert "Độc lập - Tự do - Hạnh phúc" in html
    assert 'onclick="window.print()"' in html and ">In</button>" in html
    assert "no-print" in html and "@media print" in html
    assert 'id="main-nav"' not in html


def test_form_that_does_not_apply_is_404(client, world):
    """As a desk officer I cannot print an apology for a dossier that was never extended."""
    dossier = accept(world)
    login(client, world.desk)
    assert client.get(page_url(dossier, "04")).status_code == 404
    assert client.get(page_url(dossier, "07")).status_code == 404
    assert client.get(page_url(dossier, "xx")).status_code == 404


@pytest.mark.parametrize("form", sorted(DOSSIER_FOR_FORM))
def test_officer_of_another_commune_gets_404_for_every_print_page(client, world, form):
    """As an officer of a neighbouring commune I cannot print any form of this commune's dossier."""
    dossier = DOSSIER_FOR_FORM[form](world)
    assert login(client, world.outsider).get(page_url(dossier, form)).status_code == 404


def test_dossier_page_links_each_print_page_next_to_its_docx(client, world):
    """As a desk officer I find the print page beside the DOCX of each form on the dossier page."""
    dossier = accept(world)
    html = (
        login(client, world.desk).get(reverse("dossier-detail", args=[dossier.pk])).content.decode()
    )
    for form in printing.available_forms(dossier):
        assert reverse("dossier-print", args=[dossier.pk, form]) in html
        assert page_url(dossier, form) in html
    assert page_url(dossier, "04") not in html
