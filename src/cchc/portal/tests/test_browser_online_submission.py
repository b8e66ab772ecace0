"""In the browser, on a phone and on a desktop: a citizen submits a birth registration online
with its papers, the one-stop officer asks for a signed form, the citizen sends it from the
lookup page, the officer accepts the dossier, and the citizen looks it up by code and check
value and sees it being processed with its appointment."""

import re

import pytest
import time_machine

from cchc.dossiers.models import Dossier, Status
from cchc.units.tests.factories import PASSWORD

from ..models import OnlineApplication
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


def look_up(page, server, key):
    """Nguyễn Thị Lan looks up `key` (code or reference) with her phone's last 4 digits."""
    page.goto(f"{server}/dvc/tra-cuu/")
    page.get_by_label("Mã hồ sơ hoặc mã tra cứu").fill(key)
    page.get_by_label("4 số cuối").fill("4567")
    page.get_by_role("button", name="Tra cứu").click()


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_submit_online_accept_at_the_desk_and_look_it_up(
    live_server, browser, online, settings, tmp_path, size
):
    """As Nguyễn Thị Lan on my phone (or computer) I send my birth registration online, send the
    signed form the desk of Phước Hưng asks for, and once it is accepted I look it up:
    "Đang giải quyết" and the appointment."""
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # the server's clock is moved
    w = online
    server = live_server.url
    scan = tmp_path / "to-khai.pdf"
    scan.write_bytes(PDF)
    photo = tmp_path / "giay-chung-sinh.pdf"
    photo.write_bytes(PDF)
    signed = tmp_path / "to-khai-da-ky.pdf"
    signed.write_bytes(PDF)
    with time_machine.travel(local("2026-03-02 08:00"), tick=False):
        # The citizen fills in the form.
        citizen, page = window(browser, size)
        page.goto(f"{server}/dvc/nop-ho-so/{w.procedure.code}/")
        assert fits_the_screen(page)
        page.get_by_label("Họ và tên người nộp").fill("Nguyễn Thị Lan")
        page.get_by_label("Số định danh cá nhân").fill("084190001234")
        page.get_by_label("Số điện thoại").fill("0901234567")
        page.get_by_label("Địa chỉ thường trú").fill("Ấp Chợ, xã Phước Hưng")
        page.get_by_label("Tờ khai đăng ký khai sinh").set_input_files(str(scan))
        page.get_by_label("Giấy chứng sinh").set_input_files(str(photo))
        page.get_by_label("Tin nhắn SMS").check()
        page.get_by_label("Tại Bộ phận Một cửa").check()
        page.get_by_role("button", name="Gửi hồ sơ").click()
        page.get_by_role("heading", name="Đã gửi hồ sơ trực tuyến").wait_for()
        application = OnlineApplication.objects.get()
        assert application.reference in page.get_by_role("heading", level=2).inner_text()
        assert fits_the_screen(page)

    with time_machine.travel(local("2026-03-02 09:00"), tick=False):
        # The one-stop officer finds it in the online queue and asks for a signed form.
        desk, staff = window(browser, size)
        staff.goto(f"{server}/dang-nhap/")
        staff.get_by_label("Tên đăng nhập").fill(w.desk.username)
        staff.get_by_label("Mật khẩu").fill(PASSWORD)
        staff.get_by_role("button", name="Đăng nhập").click()
        staff.wait_for_url(f"{server}/")
        staff.goto(f"{server}/ho-so/?hang=online")
        staff.get_by_role("link", name=re.compile("Hồ sơ trực tuyến chờ tiếp nhận")).wait_for()
        staff.get_by_role("link", name="(chưa có mã)").click()
        staff.wait_for_url(re.compile(r"/ho-so/\d+/$"))
        dossier_page = staff.url
        assert "to-khai.pdf" in staff.content()  # the uploaded paper is attached
        panel = staff.locator('details[data-action="intake_incomplete"]')
        panel.locator("summary").click()
        panel.get_by_label("Nội dung cần bổ sung").fill("Tờ khai có chữ ký của người đi đăng ký")
        panel.get_by_role("button", name="Yêu cầu bổ sung, hoàn thiện").click()
        staff.get_by_text("Đã yêu cầu bổ sung, hoàn thiện hồ sơ trực tuyến.").wait_for()

    with time_machine.travel(local("2026-03-02 09:30"), tick=False):
        # The citizen looks it up by its reference and sends the signed form from the page.
        look_up(page, server, application.reference)
        page.get_by_role("heading", name=re.compile("Bổ sung, hoàn thiện hồ sơ")).wait_for()
        assert "Tờ khai có chữ ký của người đi đăng ký" in page.inner_text("main")
        assert fits_the_screen(page)
        page.get_by_label("Giấy tờ bổ sung").set_input_files([str(signed), str(photo)])
        page.get_by_label("Nội dung bổ sung").fill("Gửi tờ khai đã ký")
        page.get_by_role("button", name="Gửi giấy tờ bổ sung").click()
        page.get_by_role("heading", name="Đã gửi giấy tờ bổ sung").wait_for()

    with time_machine.travel(local("2026-03-02 10:00"), tick=False):
        # The officer finds the signed form on the dossier and accepts it.
        staff.goto(dossier_page)
        assert "to-khai-da-ky.pdf" in staff.content()
        panel = staff.locator('details[data-action="accept"]')
        panel.locator("summary").click()
        panel.get_by_role("button", name="Tiếp nhận hồ sơ trực tuyến").click()
        staff.get_by_text("Đã tiếp nhận hồ sơ trực tuyến.").wait_for()
        dossier = Dossier.objects.get()
        assert dossier.status == Status.RECEIVED and dossier.code
        assert dossier.due_at == local("2026-03-05 10:00")
        desk.close()

    with time_machine.travel(local("2026-03-02 10:30"), tick=False):
        # The citizen looks it up with the code and the last 4 digits of the phone.
        look_up(page, server, dossier.code)
        page.get_by_role("heading", name=re.compile("Tình trạng")).wait_for()
        text = page.inner_text("main")
        assert "Đang giải quyết" in text
        assert "10:00, ngày 05/03/2026" in text
        assert "Đã gửi giấy tờ bổ sung, hoàn thiện hồ sơ trực tuyến" in text  # the timeline
        assert "N. T. L." in text and "Nguyễn Thị Lan" not in text
        assert fits_the_screen(page)
        citizen.close()
