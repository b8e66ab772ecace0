"""The desk's procedure search in the browser: results while typing, and a click on a result
that always opens the intake form, however fast the officer is."""

import re

import pytest

from .test_browser_dossier_end_to_end import Officer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk(live_server, browser, world):
    world.procedure.name = "Đăng ký khai sinh"
    world.procedure.save()
    officer = Officer(browser, live_server.url, world.desk)
    officer.page.goto(f"{live_server.url}/ho-so/tiep-nhan/")
    searches = []
    officer.page.on("request", lambda r: searches.append(r.url) if "q=" in r.url else None)
    yield officer.page, searches
    officer.close()


def test_a_result_clicked_right_after_pressing_search_opens_the_intake_form(desk):
    """As a desk officer who types a name, presses "Tìm thủ tục" and clicks the result at once,
    I land on the intake form: no search goes out after my click to rewrite the page."""
    page, searches = desk
    page.get_by_label("Tên hoặc mã thủ tục").fill("dang ky khai sinh")
    page.get_by_role("button", name="Tìm thủ tục").click()
    page.wait_for_url(re.compile(r"q=dang"))
    before_click = len(searches)
    page.get_by_role("link", name="Tiếp nhận hồ sơ: Đăng ký khai sinh").click()
    page.wait_for_url(re.compile(r"thu_tuc=\d+"))
    page.wait_for_timeout(600)  # past the typing delay: a late live search would show here
    assert page.get_by_label("Tên tổ chức, cá nhân nộp hồ sơ").is_visible()
    assert len(searches) == before_click


def test_typing_shows_matching_procedures_and_keeps_one_history_entry(desk):
    """As a desk officer I see the matching procedures while I type, and the address follows
    the search without a back-button step for every pause in my typing."""
    page, searches = desk
    depth = page.evaluate("history.length")
    page.get_by_label("Tên hoặc mã thủ tục").press_sequentially("dang ky", delay=20)
    page.get_by_role("heading", name="Thủ tục phù hợp với “dang ky”").wait_for()
    page.get_by_label("Tên hoặc mã thủ tục").press_sequentially(" khai sinh", delay=20)
    page.get_by_role("heading", name="Thủ tục phù hợp với “dang ky khai sinh”").wait_for()
    page.wait_for_url(re.compile(r"q=dang(\+|%20)ky(\+|%20)khai(\+|%20)sinh"))
    assert page.get_by_role("link", name="Tiếp nhận hồ sơ: Đăng ký khai sinh").is_visible()
    assert page.evaluate("history.length") == depth
    assert len(searches) == 2
