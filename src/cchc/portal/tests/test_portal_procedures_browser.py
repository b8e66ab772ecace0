"""On a phone (360 × 740), a citizen finds "Đăng ký khai sinh" from the portal's front page
by typing without diacritics and reads its picture guide."""

import re

import pytest

from cchc.catalog.tests.factories import add_components

from .test_portal_procedures_setup import build_catalogue, build_places

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 360, "height": 740}
FITS = "document.documentElement.scrollWidth <= window.innerWidth"


def test_a_citizen_finds_a_procedure_on_a_phone_without_diacritics(live_server, browser):
    """As a parent with a phone and no Vietnamese keyboard I type "dang ky khai sinh" on the
    portal's front page, open "Đăng ký khai sinh" and see its steps as pictures, the fee, the
    papers and the online button — all within the phone's width, without logging in."""
    build_places()
    procedures = build_catalogue()
    add_components(procedures["birth"].versions.get())
    server = live_server.url
    context = browser.new_context(
        viewport=PHONE, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{server}/dvc/")
        assert page.evaluate(FITS)
        assert page.get_by_role("link", name=re.compile("Sinh con")).is_visible()
        page.get_by_role("searchbox", name="Tìm thủ tục hành chính").fill("dang ky khai sinh")
        page.get_by_role("button", name="Tìm", exact=True).click()
        page.wait_for_url(re.compile(r"/dvc/thu-tuc/\?q=dang\+ky\+khai\+sinh"))
        assert page.evaluate(FITS)
        results = page.locator(".portal-result-name")
        assert results.all_inner_texts() == ["Đăng ký khai sinh"]
        results.first.click()

        page.wait_for_url(f"{server}/dvc/thu-tuc/HOTICH.X01/")
        assert page.get_by_role("heading", level=1).inner_text() == "Đăng ký khai sinh"
        assert page.evaluate(FITS)
        steps = page.locator(".portal-guide .portal-step")
        assert steps.count() == 7 and steps.locator("svg.icon").count() == 7
        first = steps.first.bounding_box()
        assert first["x"] >= 0 and first["x"] + first["width"] <= PHONE["width"]
        assert page.locator('[data-fact="fee"]').inner_text() == "Không thu phí"
        button = page.get_by_role("link", name="Nộp hồ sơ trực tuyến")
        assert button.is_visible()
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert "Giấy chứng sinh (bản chính)" in page.locator("#giay-to").inner_text()
    finally:
        context.close()
