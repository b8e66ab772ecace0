"""A reform officer logs in and finds a procedure by typing its name without diacritics."""

import pytest

from cchc.demo.loader import load_demo
from cchc.units.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reform_officer_finds_a_procedure_by_unaccented_search(live_server, page):
    """As a reform officer I log in and type "dang ky khai sinh" to find "Đăng ký khai sinh"."""
    load_demo()
    page.goto(f"{live_server.url}/")
    assert "/dang-nhap/" in page.url
    page.get_by_label("Tên đăng nhập").fill("cchc")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("heading", name="Xin chào, Võ Thị Thu").wait_for()

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Thủ tục hành chính"
    ).click()
    search = page.get_by_role("searchbox").or_(page.get_by_label("Tìm kiếm")).first
    search.fill("dang ky khai sinh")
    search.press("Enter")
    page.wait_for_load_state("networkidle")

    results = page.get_by_role("table").first
    results.get_by_role("link", name="Đăng ký khai sinh", exact=True).first.wait_for()
    assert "Đăng ký kết hôn" not in results.inner_text()
    page.screenshot(
        path=str(live_server_screenshot_dir() / "reform_officer_search.png"), full_page=True
    )


def live_server_screenshot_dir():
    from django.conf import settings

    path = settings.VAR_DIR / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
