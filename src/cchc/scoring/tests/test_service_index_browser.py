"""A citizen opens the public 766 page on a phone and on a desktop, chooses a commune and a
month, and reads its index with the groups and indicators, the trend and the ranking — the
page never wider than the screen."""

import pytest
import time_machine

from cchc.reporting import sources
from cchc.reporting.tests.factories import local

from .test_service_index_formulas import month_of_dossiers, rule_set_766, world  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

SIZES = {"phone": (360, 740), "desktop": (1280, 900)}


@pytest.fixture
def data(monkeypatch):
    monkeypatch.delitem(sources._registry, "feedback.satisfaction_rate", raising=False)
    w = world()
    month_of_dossiers(w, w.a)
    month_of_dossiers(w, w.b, 2025, 2)
    return w


@pytest.mark.parametrize("size", SIZES)
def test_a_citizen_reads_a_communes_index(browser, live_server, data, size):
    """As a citizen on a phone or a computer I choose xã Tân Hòa and March 2025 on the 766
    page and read its index, each indicator with its figures, the trend and the ranking."""
    width, height = SIZES[size]
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        with time_machine.travel(local("2025-04-10 09:00")):
            _read_the_page(page, live_server)
    finally:
        context.close()


def _read_the_page(page, live_server):
    """(In April 2025.)"""
    page.goto(f"{live_server.url}/dvc/chi-so-766/")
    page.get_by_label("Đơn vị", exact=True).select_option(label="UBND xã Tân Hòa")
    page.get_by_label("Kỳ đánh giá", exact=True).select_option(value="2025-03")
    page.get_by_role("button", name="Xem chỉ số").click()
    page.wait_for_url("**period=2025-03**")
    summary = page.locator(".service-summary")
    assert "UBND xã Tân Hòa — tháng 3 năm 2025" in summary.inner_text()
    assert "70,23" in summary.inner_text()
    row = page.locator('[data-indicator="2.1"]')
    row.scroll_into_view_if_needed()
    assert row.is_visible()
    text = row.inner_text()
    assert "75%" in text and "15" in text
    page.locator('[data-indicator="2.1"] summary').click()
    assert "biểu thống kê kết quả giải quyết" in row.inner_text()
    assert page.locator(".service-trend tbody tr").count() == 4  # January to April
    ranking = page.locator(".service-ranking tbody tr")
    assert ranking.count() == 2
    assert ranking.first.inner_text().startswith("1")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
