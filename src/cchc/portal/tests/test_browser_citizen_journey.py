"""A citizen's whole journey on the public side, on a phone and on a desktop: she finds "Đăng
ký khai sinh" typing without diacritics, submits it online with her papers, the desk accepts
it, she looks it up by code and check value, the dossier is returned and she rates it; she
sends a petition that the commune answers and publishes; and she reads the commune's 766
service index with its indicators."""

import re

import pytest
import time_machine

from cchc.dossiers import services as desk
from cchc.dossiers.models import Dossier, Status
from cchc.feedback.models import Feedback, Rating
from cchc.scoring import service_rules
from cchc.units.tests.factories import PASSWORD

from .online import (  # noqa: F401
    PDF,
    VIEWPORTS,
    fits_the_screen,
    local,
    online_world,
    public_setup,
    window,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def staff_window(browser, server, user):
    context, page = window(browser, "desktop")
    page.goto(f"{server}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{server}/")
    return context, page


def look_up(page, server, code):
    page.goto(f"{server}/dvc/tra-cuu/")
    page.get_by_label("Mã hồ sơ hoặc mã tra cứu").fill(code)
    page.get_by_label("4 số cuối").fill("4567")
    page.get_by_role("button", name="Tra cứu").click()
    page.get_by_role("heading", name=re.compile("Tình trạng")).wait_for()
    return page.inner_text("main")


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_a_citizens_journey_from_search_to_rating_petition_and_service_index(
    live_server, browser, online, settings, tmp_path, size
):
    """As Nguyễn Thị Lan I do everything from my phone (or computer) without an account."""
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # the server's clock is moved
    service_rules.install()  # the rule set a flushed database lost
    w, server = online, live_server.url
    settings.CCHC_PUBLIC_URL = server  # the links the portal and feedback give out
    papers = []
    for name in ("to-khai.pdf", "giay-chung-sinh.pdf"):
        papers.append(tmp_path / name)
        papers[-1].write_bytes(PDF)

    with time_machine.travel(local("2026-03-02 08:00"), tick=False):
        citizen, page = window(browser, size)
        page.goto(f"{server}/dvc/")
        page.get_by_role("searchbox", name="Tìm thủ tục hành chính").fill("dang ky khai sinh")
        page.get_by_role("button", name="Tìm", exact=True).click()
        page.locator(".portal-result-name", has_text="Đăng ký khai sinh").first.click()
        page.get_by_role("heading", level=1, name="Đăng ký khai sinh").wait_for()
        assert fits_the_screen(page)
        page.get_by_role("link", name="Nộp hồ sơ trực tuyến").first.click()
        page.get_by_label("Họ và tên người nộp").fill("Nguyễn Thị Lan")
        page.get_by_label("Số định danh cá nhân").fill("084190001234")
        page.get_by_label("Số điện thoại").fill("0901234567")
        page.get_by_label("Địa chỉ thường trú").fill("Ấp Chợ, xã Phước Hưng")
        page.get_by_label("Tờ khai đăng ký khai sinh").set_input_files(str(papers[0]))
        page.get_by_label("Giấy chứng sinh").set_input_files(str(papers[1]))
        page.get_by_label("Tin nhắn SMS").check()
        page.get_by_label("Tại Bộ phận Một cửa").check()
        page.get_by_role("button", name="Gửi hồ sơ").click()
        page.get_by_role("heading", name="Đã gửi hồ sơ trực tuyến").wait_for()
        assert fits_the_screen(page)

    with time_machine.travel(local("2026-03-02 09:00"), tick=False):
        context, staff = staff_window(browser, server, w.desk)
        staff.goto(f"{server}/ho-so/?hang=online")
        staff.get_by_role("link", name="(chưa có mã)").click()
        panel = staff.locator('details[data-action="accept"]')
        panel.locator("summary").click()
        panel.get_by_role("button", name="Tiếp nhận hồ sơ trực tuyến").click()
        staff.get_by_text("Đã tiếp nhận hồ sơ trực tuyến.").wait_for()
        context.close()
        dossier = Dossier.objects.get()

    with time_machine.travel(local("2026-03-02 10:00"), tick=False):
        text = look_up(page, server, dossier.code)
        assert "Đang giải quyết" in text and "N. T. L." in text and "Nguyễn Thị Lan" not in text
        assert fits_the_screen(page)

    # The commune resolves it the next day and she collects the result at the desk.
    dossier = desk.start_processing(w.all_roles, dossier, at=local("2026-03-02 14:00"))
    dossier = desk.mark_result_ready(w.all_roles, dossier, at=local("2026-03-03 10:00"))
    dossier = desk.return_result(w.all_roles, dossier, at=local("2026-03-03 15:00"))
    assert dossier.status == Status.RETURNED

    with time_machine.travel(local("2026-03-03 16:00"), tick=False):
        text = look_up(page, server, dossier.code)
        assert "Đã trả kết quả" in text
        page.get_by_role("link", name="Đánh giá mức độ hài lòng").click()
        page.get_by_role("heading", level=1, name="Đánh giá việc giải quyết hồ sơ").wait_for()
        for group in page.locator("fieldset").all():
            radios = group.locator('input[type="radio"]')
            if radios.count():
                radios.first.check()
        page.get_by_role("button", name="Gửi đánh giá").click()
        page.wait_for_load_state("load")
        assert Rating.objects.filter(dossier=dossier).count() == 1
        assert fits_the_screen(page)

        # A petition about the desk's opening hours.
        page.goto(f"{server}/dvc/y-kien/")
        page.get_by_label("Gửi đến cơ quan, đơn vị").select_option(label="UBND xã Phước Hưng")
        page.get_by_label("Về việc giải quyết thủ tục, thái độ của cán bộ, công chức").check()
        page.get_by_label("Tiêu đề").fill("Giờ làm việc của Bộ phận Một cửa")
        page.get_by_label(re.compile(r"^Nội dung \(bắt buộc\)")).fill(
            "Đề nghị Bộ phận Một cửa nhận hồ sơ vào sáng thứ Bảy để người đi làm nộp được."
        )
        page.get_by_label("Họ và tên").fill("Nguyễn Thị Lan")
        page.get_by_label("Số điện thoại", exact=True).fill("0901234567")
        page.get_by_role("button", name=re.compile("Gửi")).first.click()
        page.wait_for_load_state("load")
        item = Feedback.objects.get()
        assert item.code in page.inner_text("main")

    with time_machine.travel(local("2026-03-04 09:00"), tick=False):
        context, staff = staff_window(browser, server, w.leader)
        staff.goto(f"{server}/y-kien/")
        staff.get_by_role("link", name=re.compile("Phản ánh, kiến nghị|Hộp thư")).first.click()
        staff.get_by_role("link", name=re.compile(item.code)).first.click()
        staff.get_by_label("Nội dung trả lời").fill(
            "Từ ngày 07/3/2026, Bộ phận Một cửa nhận hồ sơ cả sáng thứ Bảy."
        )
        staff.get_by_role("button", name="Ghi nội dung trả lời").click()
        staff.wait_for_load_state("load")
        staff.get_by_label("Nội dung phản ánh, kiến nghị được công khai").fill(
            "Đề nghị nhận hồ sơ vào sáng thứ Bảy."
        )
        staff.get_by_role("button", name="Công khai", exact=True).click()
        staff.wait_for_load_state("load")
        context.close()

        page.goto(f"{server}/dvc/y-kien/tra-loi/")
        answers = page.inner_text("main")
        assert "nhận hồ sơ cả sáng thứ Bảy" in answers and "Nguyễn Thị Lan" not in answers

        # The commune's service index for March 2026, with its indicators.
        page.goto(f"{server}/dvc/chi-so-766/")
        page.get_by_label("Đơn vị", exact=True).select_option(label="UBND xã Phước Hưng")
        page.get_by_label("Kỳ đánh giá", exact=True).select_option(value="2026-03")
        page.get_by_role("button", name="Xem chỉ số").click()
        page.wait_for_load_state("load")
        body = page.inner_text("main")
        assert "UBND xã Phước Hưng — tháng 3 năm 2026" in body
        assert "Tiến độ giải quyết" in body and "Dịch vụ công trực tuyến" in body
        assert fits_the_screen(page)
        citizen.close()
