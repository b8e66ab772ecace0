"""The district's reform officer produces, previews and submits the Q1/2025 TTHC-control report
in the browser, and the province sees it filed on time."""

import re
from datetime import date

import pytest
import time_machine

from cchc.catalog.models import Level
from cchc.dossiers.tests.factories import docx_text
from cchc.units.demo import DEMO_PASSWORD
from cchc.units.models import Role, RoleGrant, UnitKind
from cchc.units.tests.factories import UnitFactory, UserFactory
from cchc.workcal import services as workcal

from ..models import ReportInstance, ReportStatus, ReportType
from .factories import insert, local, procedure_in, spread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARRATIVE = "Tiếp tục đẩy mạnh tiếp nhận hồ sơ trực tuyến toàn trình trong quý II năm 2025."


@pytest.fixture
def demo_like(settings):
    """The demo's shape, built small: UBND tỉnh Sóc Trăng with its Văn phòng, UBND huyện
    Thạnh Trị (TT) and its reform officer `cchc`, a province appraiser, the 2024–2025
    calendar (seeded, not confirmed) and a dozen TT dossiers inside Q1/2025."""
    # The server's clock is frozen in March 2025: a session cookie without an expiry date
    # keeps the browser from dropping it as "expired" against the real clock.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    workcal.reset_cache()
    if not ReportType.objects.filter(code="tthc-control").exists():  # flushed by an earlier test
        from ..report_types import load_report_types

        load_report_types()
    for year in (2024, 2025):
        workcal.seed_year(year)
    province = UnitFactory(code="ST", name="UBND tỉnh Sóc Trăng", kind=UnitKind.PROVINCE)
    UnitFactory(
        code="ST-VP",
        name="Văn phòng UBND tỉnh Sóc Trăng",
        kind=UnitKind.DEPARTMENT,
        parent=province,
    )
    district = UnitFactory(
        code="TT", name="UBND huyện Thạnh Trị", kind=UnitKind.DISTRICT, parent=province
    )
    UnitFactory(code="MT", name="UBND huyện Mỹ Tú", kind=UnitKind.DISTRICT, parent=province)
    people = {}
    for username, role, unit in (
        ("cchc", Role.REFORM_OFFICER, district),
        ("vanphong.tinh", Role.APPRAISER, province),
    ):
        people[username] = UserFactory(username=username, password=DEMO_PASSWORD)
        RoleGrant.objects.create(user=people[username], unit=unit, role=role)
    procedure = procedure_in("HOTICH", "Hộ tịch", level=Level.DISTRICT)
    first, last = date(2025, 1, 6), date(2025, 2, 27)
    insert(
        spread(9, procedure, district, "early", first=first, last=last)
        + spread(3, procedure, district, "on_time", first=first, last=last)
    )
    yield people
    workcal.reset_cache()


def log_in(browser, server, username):
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{server}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{server}/")
    return context, page


def test_the_reform_officer_submits_the_q1_report_and_the_province_sees_it_on_time(
    live_server, browser, demo_like
):
    """As the reform officer of Thạnh Trị I open Q1/2025 from the report list, check the
    computed dossier figures and their records, write the directions, preview and submit;
    as the province's appraiser I then find it filed on time."""
    server = live_server.url
    with time_machine.travel(local("2025-03-17 09:00"), tick=False):
        context, page = log_in(browser, server, "cchc")
        page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
            "link", name="Báo cáo"
        ).click()
        page.get_by_label("Loại báo cáo").select_option("tthc-control")
        page.get_by_label("Đơn vị báo cáo").select_option(label="UBND huyện Thạnh Trị")
        page.get_by_label("Kỳ báo cáo").select_option("2025-Q1")
        page.get_by_role("button", name="Mở báo cáo").click()
        page.wait_for_url(re.compile(r"/bao-cao/\d+/$"))
        instance = ReportInstance.objects.get()
        assert "quý I năm 2025" in page.get_by_role("heading", level=1).inner_text()
        assert "Lịch làm việc năm 2024, 2025 chưa được xác nhận" in page.inner_text("main")

        # I.6 is computed from the dossiers, with the records behind each figure.
        results = page.locator('[data-section="I.6"]')
        assert "Số liệu tự động" in results.inner_text()
        assert "Số mới tiếp nhận trong kỳ: 12" in results.inner_text()
        received = results.get_by_role(
            "link", name="Xem dữ liệu: (3) Tổng số hồ sơ nhận giải quyết"
        )
        href = received.get_attribute("href")
        assert "column=received_total" in href and f"unit={instance.unit_id}" in href
        assert page.request.get(f"{server}{href}").ok

        # The directions of section III, saved.
        page.get_by_label("III. PHƯƠNG HƯỚNG, NHIỆM VỤ CỦA KỲ TIẾP THEO").fill(NARRATIVE)
        page.get_by_label("Người ký", exact=True).fill("Phạm Minh Tuấn")
        # No impact assessment or appraisal this quarter: the officer types 0 (the feedback
        # figures I.5 are computed by the feedback module).
        for code in ("I.1.1", "I.1.2", "I.2.1"):
            page.locator(f'[name="value-{code}"]').fill("0")
        page.get_by_role("button", name="Lưu báo cáo").click()
        page.wait_for_load_state("load")
        assert "Đã lưu báo cáo." in page.inner_text(".messages")

        # The preview shows the text, the figures and where they come from.
        page.get_by_role("link", name="Xem trước").click()
        preview = page.get_by_role("article", name="Bản xem trước báo cáo").inner_text()
        assert NARRATIVE in preview
        assert "Số mới tiếp nhận trong kỳ: 12" in preview
        assert "Tính từ hồ sơ do UBND huyện Thạnh Trị" in preview
        page.get_by_role("link", name="‹ Quay lại báo cáo").click()

        # Submitted after confirming: read-only, "Đã gửi", the stored DOCX offered.
        page.get_by_role("link", name="Gửi báo cáo").click()
        page.get_by_role("button", name="Xác nhận gửi báo cáo").click()
        page.wait_for_url(re.compile(rf"/bao-cao/{instance.pk}/$"))
        assert page.locator(".report-status").inner_text() == "Đã gửi"
        stored = page.get_by_role("link", name=re.compile(r"^Tệp DOCX đã lưu"))
        with page.expect_download() as download:
            stored.click()
        assert NARRATIVE in docx_text(open(download.value.path(), "rb").read())
        assert page.locator("#report-form textarea").count() == 0
        context.close()
        instance.refresh_from_db()
        assert instance.status == ReportStatus.SUBMITTED and instance.files.count() == 3

        # The provincial office (the type's recipient "{parent}-VP"): TT filed on time.
        context, page = log_in(browser, server, "vanphong.tinh")
        page.goto(f"{server}/bao-cao/")
        page.get_by_role("link", name="Tình hình gửi báo cáo của các đơn vị").click()
        page.get_by_label("Đơn vị nhận báo cáo").select_option(
            label="Văn phòng UBND tỉnh Sóc Trăng"
        )
        page.get_by_label("Loại báo cáo").select_option("tthc-control")
        page.get_by_label("Kỳ báo cáo").select_option("2025-Q1")
        page.get_by_role("button", name="Xem").click()
        row = page.locator('tr[data-unit="TT"]')
        assert "Đã gửi" in row.inner_text() and "Đúng hạn" in row.inner_text()
        assert "09:00 17/03/2025" in row.inner_text()
        assert "Chưa gửi" in page.locator('tr[data-unit="MT"]').inner_text()
        context.close()
