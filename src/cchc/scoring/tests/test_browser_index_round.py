"""A round of the reform index in the browser: Đắk Tô Re's reform officer self-scores and
submits with an evidence file; the district's appraiser changes one leaf with a reason and
finalises; the district publishes; the ranking is shown; the commune produces its
responsibility report and, in one click, the remediation tasks that then appear in its plan."""

import re
from datetime import date

import pytest

from cchc.dossiers.tests.factories import docx_text
from cchc.plans.models import Task, TaskOrigin
from cchc.units.demo import DEMO_PASSWORD

from .. import services
from ..models import AppraisalDecision, Evidence, ParticipationStatus, RoundStatus, Score
from ..services import AppraisalEntry, SelfEntry
from .factories import SMALL_SET, criteria_set, world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def kon_ray():
    """The commune round of UBND huyện Kon Rẫy for 2021, open; Tân Lập already scored and
    final, Đắk Tô Re still to self-assess."""
    w = world()
    for user in (w.officer_a, w.appraiser, w.district_officer):
        user.set_password(DEMO_PASSWORD)
        user.save()
    w.round = services.open_round(
        w.district_officer,
        code="KR-XA-2021",
        name="Đánh giá Chỉ số CCHC năm 2021 các xã",
        criteria_set=criteria_set("KR-XA-2021", SMALL_SET),
        organiser=w.district,
        units=[w.a, w.b],
        year=2021,
        opens_on=date(2022, 1, 10),
        self_due_on=date(2022, 1, 31),
    )
    pb = w.round.participations.get(unit=w.b)
    pb = services.save_self_assessment(
        w.officer_b,
        pb,
        {
            c: SelfEntry(v)
            for c, v in (("1.1.1", "0.5"), ("1.1.2", "0.5"), ("1.2", "3"), ("2.1", "3.5"))
        },
    )
    pb = services.submit_self_assessment(w.officer_b, pb)
    pb = services.appraise(
        w.appraiser,
        pb,
        {c: AppraisalEntry(AppraisalDecision.ACCEPT) for c in ("1.1.1", "1.1.2", "1.2", "2.1")},
    )
    services.finalise(w.appraiser, services.send_appraisal(w.appraiser, pb))
    return w


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


def test_a_round_from_self_assessment_to_remediation_tasks(live_server, browser, kon_ray, tmp_path):
    """As the commune, the council and the district I run the round end to end in the
    browser, and the commune's plan receives the remediation tasks."""
    w, server = kon_ray, live_server.url
    pa = w.round.participations.get(unit=w.a)

    # The commune's reform officer: scores, attaches evidence, submits.
    context, page = log_in(browser, server, w.officer_a.username)
    assert "chưa nộp kết quả tự đánh giá" in page.inner_text("main")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Chỉ số CCHC"
    ).click()
    page.get_by_role("link", name="Đánh giá Chỉ số CCHC năm 2021 các xã").first.click()
    page.wait_for_url(re.compile(rf"/don-vi/{pa.pk}/$"))
    for code, points in (("1.1.1", "0,5"), ("1.1.2", "1,5"), ("1.2", "3"), ("2.1", "4")):
        page.get_by_label(f"Điểm tự chấm tiêu chí {code}", exact=True).fill(points)
    page.get_by_label("Giải thích, tài liệu kiểm chứng tiêu chí 1.2").fill(
        "Kế hoạch tuyên truyền số 05/KH-UBND"
    )
    assert page.get_by_label("Tiêu chí 2.2 không áp dụng đối với đơn vị").is_checked()
    page.get_by_role("button", name="Lưu điểm tự chấm").click()
    page.wait_for_load_state("load")
    assert "Đã lưu." in page.inner_text(".messages")
    assert "9/9" in page.locator(".sheet-total").inner_text()

    evidence = tmp_path / "ke-hoach-tuyen-truyen.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("Tiêu chí", exact=True).select_option("1.2")
    page.get_by_label("Tệp tài liệu kiểm chứng").set_input_files(str(evidence))
    page.get_by_role("button", name="Tải lên").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("link", name="ke-hoach-tuyen-truyen.pdf").is_visible()
    page.get_by_role("button", name="Nộp kết quả tự đánh giá").click()
    page.wait_for_load_state("load")
    assert "Đã nộp kết quả tự đánh giá" in page.inner_text(".messages")
    assert page.locator(".participation-status").inner_text() == "Đã nộp, chờ thẩm định"
    context.close()

    # The district's appraiser: accepts three leaves, changes 1.2 with a reason, finalises.
    context, page = log_in(browser, server, w.appraiser.username)
    page.goto(f"{server}/chi-so-cchc/dot/{w.round.pk}/")
    page.get_by_role("link", name="UBND xã Đắk Tô Re").click()
    for code in ("1.1.1", "1.1.2", "2.1"):
        page.get_by_label(f"Ý kiến thẩm định tiêu chí {code}").select_option("accept")
    page.get_by_label("Ý kiến thẩm định tiêu chí 1.2").select_option("change")
    page.get_by_label("Điểm thẩm định tiêu chí 1.2").fill("2")
    page.get_by_label("Lý do điều chỉnh tiêu chí 1.2").fill(
        "Chưa tuyên truyền bằng hình thức hội thi, tọa đàm"
    )
    page.get_by_role("button", name="Lưu kết quả thẩm định").click()
    page.wait_for_load_state("load")
    page.get_by_role("button", name="Gửi kết quả thẩm định cho đơn vị").click()
    page.wait_for_load_state("load")
    page.get_by_role("button", name="Chốt kết quả").click()
    page.wait_for_load_state("load")
    assert page.locator(".participation-status").inner_text() == "Đã chốt kết quả"
    assert "8/9" in page.locator(".sheet-total").inner_text()
    context.close()

    # The district publishes; the ranking is on the results page.
    context, page = log_in(browser, server, w.district_officer.username)
    page.goto(f"{server}/chi-so-cchc/dot/{w.round.pk}/")
    page.get_by_role("button", name="Công bố kết quả").click()
    page.wait_for_url(re.compile(r"/ket-qua/$"))
    ranking = page.locator("table.ranking")
    assert ranking.locator('tr[data-unit="KR-DTR"] td').first.inner_text() == "1"
    assert "88,89" in ranking.locator('tr[data-unit="KR-DTR"]').inner_text()
    assert ranking.locator('tr[data-unit="KR-TL"] td').first.inner_text() == "2"
    context.close()

    # The commune: its responsibility report, then the remediation tasks in its plan.
    context, page = log_in(browser, server, w.officer_a.username)
    page.goto(f"{server}/chi-so-cchc/don-vi/{pa.pk}/")
    page.get_by_role("link", name="Phân tích nguyên nhân, trách nhiệm").click()
    preview = page.get_by_role("article", name="Bản xem trước báo cáo phân tích").inner_text()
    assert "đạt 2/3 điểm" in preview and "Chưa tuyên truyền bằng hình thức hội thi" in preview
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải báo cáo DOCX").click()
    text = docx_text(open(download.value.path(), "rb").read())
    assert "Trách nhiệm thuộc về" in text and "8/9 điểm" in text
    page.get_by_role("button", name="Tạo nhiệm vụ khắc phục").click()
    page.wait_for_load_state("load")
    assert "Đã tạo 1 nhiệm vụ khắc phục" in page.inner_text(".messages")
    page.get_by_role("link", name=re.compile("Kế hoạch khắc phục")).click()
    plan_page = page.inner_text("main")
    assert "Khắc phục tiêu chí 1.2: Tuyên truyền CCHC" in plan_page
    assert "Văn hóa – Xã hội" in plan_page
    context.close()

    task = Task.objects.get()
    assert task.origin == TaskOrigin.REMEDIATION and task.unit == w.a
    pa.refresh_from_db()
    w.round.refresh_from_db()
    assert pa.status == ParticipationStatus.FINAL and w.round.status == RoundStatus.PUBLISHED
    assert Evidence.objects.get().original_name == "ke-hoach-tuyen-truyen.pdf"
    assert Score.objects.get(participation=pa, criterion__code="1.2").appraisal_note.startswith(
        "Chưa tuyên"
    )
