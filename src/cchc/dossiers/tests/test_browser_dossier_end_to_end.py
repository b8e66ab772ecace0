"""One dossier walked end to end in the browser by the people who handle it: intake and
receipt at the desk, appraisal, a supplement the applicant brings to the desk, approval,
result ready and return — then the timeline and the process-control slip (Mẫu 06) show
every hand-over at the time it happened."""

import re

import pytest
import time_machine

from cchc.units.tests.factories import PASSWORD
from cchc.workcal import services as workcal

from ..models import Dossier, HistoryAction, Status
from .factories import docx_rows, docx_text, local

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
A = HistoryAction


@pytest.fixture
def desk_day(settings, world):
    # The server's clock is moved to each moment of the story; a session cookie without an
    # expiry date keeps the browser from dropping it as "expired" against the real clock.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    world.procedure.name = "Đăng ký khai sinh"
    world.procedure.save()
    return world


class Officer:
    """One officer's own browser window, logged in."""

    def __init__(self, browser, server, user):
        self.context = browser.new_context(
            locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", accept_downloads=True
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.server = server
        self.page.goto(f"{server}/dang-nhap/")
        self.page.get_by_label("Tên đăng nhập").fill(user.username)
        self.page.get_by_label("Mật khẩu").fill(PASSWORD)
        self.page.get_by_role("button", name="Đăng nhập").click()
        self.page.wait_for_url(f"{server}/")

    def open(self, dossier):
        self.page.goto(f"{self.server}/ho-so/{dossier.pk}/")

    def act(self, action: str, **fields):
        """Open the action's panel on the dossier page, fill it in and submit it."""
        panel = self.page.locator(f'details[data-action="{action}"]')
        panel.locator("summary").click()
        for label, value in fields.items():
            panel.get_by_label(label).fill(value)
        panel.get_by_role("button", name=A(action).label).click()
        self.page.wait_for_load_state("load")
        assert self.page.locator(".messages, [role=status], .alert").first.is_visible()

    def download(self, link_name) -> bytes:
        with self.page.expect_download() as info:
            self.page.get_by_role("link", name=link_name).click()
        return open(info.value.path(), "rb").read()

    def print_page(self, link_name) -> str:
        """The text of a print-ready page the link opens in a new tab."""
        with self.context.expect_page() as info:
            self.page.get_by_role("link", name=link_name).click()
        tab = info.value
        tab.wait_for_load_state("load")
        text = tab.inner_text("body")
        tab.close()
        return text

    def close(self):
        self.context.close()


def fresh(dossier) -> Dossier:
    return Dossier.objects.get(pk=dossier.pk)


def test_one_dossier_from_the_desk_to_the_returned_result(live_server, browser, desk_day):
    """As the desk officer, specialist and office head of a commune we take one birth
    registration from intake to return, and its timeline and Mẫu 06 show every hand-over."""
    w = desk_day
    server = live_server.url
    with time_machine.travel(local("2026-03-02 08:00"), tick=False) as clock:
        desk = Officer(browser, server, w.desk)
        specialist = Officer(browser, server, w.specialist)
        head = Officer(browser, server, w.head)

        # Monday 08:00 — the desk finds the procedure without diacritics and accepts.
        page = desk.page
        page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
            "link", name="Tiếp nhận hồ sơ"
        ).click()
        page.get_by_label("Tên hoặc mã thủ tục").fill("dang ky khai sinh")
        page.get_by_role("button", name="Tìm thủ tục").click()
        page.wait_for_url(re.compile(r"q=dang"))
        page.get_by_role("link", name="Tiếp nhận hồ sơ: Đăng ký khai sinh").click()
        page.get_by_label("Tên tổ chức, cá nhân nộp hồ sơ").fill("Lâm Thị Bích Ngọc")
        page.get_by_label("Số định danh cá nhân, mã số doanh nghiệp hoặc giấy tờ").fill(
            "094199012345"
        )
        page.get_by_label("Số điện thoại").fill("0918123456")
        page.get_by_label("Địa chỉ").fill("Ấp Chợ, xã Phước Hưng")
        page.get_by_label("Giấy tờ khác").first.fill("Tờ khai đăng ký khai sinh")
        page.get_by_role("button", name="Tiếp nhận", exact=True).click()
        page.wait_for_url(re.compile(r"/ho-so/\d+/"))
        dossier = Dossier.objects.get()
        assert dossier.status == Status.RECEIVED
        assert dossier.due_at == local("2026-03-05 08:00")  # 3 working days
        assert dossier.code in page.get_by_role("heading", level=1).inner_text()
        receipt = docx_text(desk.download(re.compile(r"^Mẫu 01 .*DOCX")))
        assert dossier.code in receipt and "Lâm Thị Bích Ngọc" in receipt
        assert "08 giờ 00 phút, ngày 05/03/2026" in receipt
        printed = desk.print_page(re.compile("Trang in Mẫu 01"))
        assert dossier.code in printed and "Lâm Thị Bích Ngọc" in printed

        # 08:30 — the desk hands the dossier to the specialist office.
        clock.move_to(local("2026-03-02 08:30"))
        desk.page.reload()
        desk.act(A.START)
        assert fresh(dossier).status == Status.PROCESSING

        # 10:00 — the specialist finds it in the office queue, appraises, asks for a supplement.
        clock.move_to(local("2026-03-02 10:00"))
        specialist.page.goto(f"{server}/ho-so/?hang=office")
        specialist.page.get_by_role("link", name=dossier.code).click()
        specialist.act(
            A.REQUEST_SUPPLEMENT,
            **{"Nội dung cần bổ sung, hoàn thiện (mỗi dòng một mục)": "Giấy chứng sinh"},
        )
        assert fresh(dossier).status == Status.AWAITING_SUPPLEMENT
        supplement = docx_text(specialist.download(re.compile(r"In Mẫu 02")))
        assert "Giấy chứng sinh" in supplement

        # Wednesday 10:00 — the applicant brings the paper to the desk: the clock resumes.
        clock.move_to(local("2026-03-04 10:00"))
        desk.open(dossier)
        desk.act(A.RECEIVE_SUPPLEMENT)
        resumed = fresh(dossier)
        paused_from, paused_to = local("2026-03-02 10:00"), local("2026-03-04 10:00")
        assert resumed.due_at == workcal.extend_due(
            local("2026-03-05 08:00"), paused_from, paused_to, w.commune
        )
        assert resumed.due_at == local("2026-03-09 08:00")  # two paused working days
        assert "08:00 09/03/2026" in desk.page.inner_text("main")

        # 14:00 — the specialist drafts the result and hands it to the leadership step.
        clock.move_to(local("2026-03-04 14:00"))
        specialist.open(dossier)
        specialist.act(A.FORWARD)

        # Thursday 09:00 — the office head approves; the result goes back to the desk step.
        clock.move_to(local("2026-03-05 09:00"))
        head.open(dossier)
        head.act(A.APPROVE)
        assert fresh(dossier).approved_at == local("2026-03-05 09:00")

        # 10:00 — the desk records the result ready; Friday 09:00 it is returned at the desk.
        clock.move_to(local("2026-03-05 10:00"))
        desk.open(dossier)
        desk.act(A.RESULT_READY)
        assert fresh(dossier).status == Status.RESOLVED
        desk.page.goto(f"{server}/ho-so/?hang=awaiting_return")
        desk.page.get_by_role("link", name=dossier.code).click()
        clock.move_to(local("2026-03-06 09:00"))
        desk.act(A.RETURN)
        closed = fresh(dossier)
        assert closed.status == Status.RETURNED
        assert closed.returned_at == local("2026-03-06 09:00")

        # The timeline lists every step at its time, by the officer who took it.
        timeline = desk.page.locator("ol.timeline").inner_text()
        for moment, what, who in [
            ("08:00 02/03/2026", "Tiếp nhận hồ sơ", w.desk),
            ("08:30 02/03/2026", "Chuyển xử lý", w.desk),
            ("10:00 02/03/2026", "Yêu cầu bổ sung hồ sơ", w.specialist),
            ("10:00 04/03/2026", "Nhận hồ sơ bổ sung", w.desk),
            ("14:00 04/03/2026", "Chuyển bước tiếp theo", w.specialist),
            ("09:00 05/03/2026", "Phê duyệt", w.head),
            ("10:00 05/03/2026", "Đã có kết quả", w.desk),
            ("09:00 06/03/2026", "Trả kết quả", w.desk),
        ]:
            assert re.search(rf"{moment} – {what} – {re.escape(str(who))}", timeline), (
                moment,
                what,
            )

        # Mẫu 06 is rendered from the same history: one row per hand-over, at its time.
        desk.page.reload()
        slip = desk.download(re.compile(r"^Mẫu 06 .*DOCX"))
        rows = [r for r in docx_rows(slip) if r[0].isdigit()]
        assert [r[3] for r in rows] == [
            "08 giờ 00 phút, ngày 02/03/2026",  # desk → its own intake step
            "08 giờ 30 phút, ngày 02/03/2026",  # desk → the specialist office
            "14 giờ 00 phút, ngày 04/03/2026",  # specialist → the leadership step
            "09 giờ 00 phút, ngày 05/03/2026",  # office head → the desk, for the result
        ]
        assert w.spec_office.name in rows[1][2]
        assert str(w.specialist) in rows[2][1] and str(w.head) in rows[3][1]
        # Each step judged against its own budget: intake 0.5 day, appraisal 1.5 days.
        assert [r[6] for r in rows[1:3]] == ["Đúng hạn", "Trước hạn"]

        for officer in (desk, specialist, head):
            officer.close()
