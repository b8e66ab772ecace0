"""Demo reform plans (loaded by `cchc demo`, after the units and the calendar).

UBND huyện Thạnh Trị: its 2024 reform plan "Kế hoạch số 02/KH-UBND ngày 12/01/2024" — 25
tasks in seven areas like seed 000 (4 institutions, 4 procedures, 3 organisation, 2 civil
service, 2 public finance, 4 modernisation, 6 direction), 23 completed (4 of them late) and 2
not — six tasks assigned by the province, the year's directive documents, inspections,
outreach and initiatives. UBND xã Phú Lộc (post-2025): its plan for the current year, with
tasks done, overdue and still ahead relative to `today`, so its reform officer `cchc.phuloc`
sees a living plan, overdue tasks on the dashboard and reminders.

Everything goes through the services (permissions, validation, history). Deterministic: the
Phú Lộc dates are derived from `today` only.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from cchc.units.models import Office, Unit, User
from cchc.workcal import services as workcal

from . import services
from .models import (
    DirectiveKind,
    InitiativeKind,
    InitiativeStatus,
    OutreachForm,
    PlanKind,
    TaskStatus,
)
from .models import ReformArea as A

D, L, OPEN = "done", "late", "open"  # completed on time, completed late, not completed

# area, title, owner office, output, due (month, day), outcome, completed (month, day)
THANH_TRI_2024 = [
    (A.INSTITUTIONS, "Xây dựng, ban hành Kế hoạch kiểm tra, rà soát, hệ thống hóa văn bản quy phạm pháp luật năm 2024", "TUPHAP", "Kế hoạch của UBND huyện", (1, 31), D, (1, 25)),
    (A.INSTITUTIONS, "Theo dõi tình hình thi hành pháp luật trong lĩnh vực trọng tâm trên địa bàn huyện", "TUPHAP", "Báo cáo kết quả theo dõi thi hành pháp luật", (11, 29), D, (11, 20)),
    (A.INSTITUTIONS, "Tự kiểm tra văn bản quy phạm pháp luật do HĐND, UBND huyện ban hành", "TUPHAP", "Báo cáo kết quả tự kiểm tra văn bản", (12, 13), D, (12, 10)),
    (A.INSTITUTIONS, "Rà soát, hệ thống hóa văn bản quy phạm pháp luật của HĐND, UBND huyện", "TUPHAP", "Quyết định công bố danh mục văn bản hết hiệu lực", (12, 31), D, (12, 13)),
    (A.PROCEDURES, "Rà soát, đánh giá, đơn giản hóa thủ tục hành chính năm 2024", "VP", "Báo cáo kết quả rà soát gửi Văn phòng UBND tỉnh", (6, 28), L, (7, 12)),
    (A.PROCEDURES, "Cập nhật, niêm yết công khai thủ tục hành chính theo các quyết định công bố của Chủ tịch UBND tỉnh", "VP", "Danh mục TTHC niêm yết tại Bộ phận Một cửa huyện, xã", (12, 31), D, (12, 11)),
    (A.PROCEDURES, "Đẩy mạnh tiếp nhận, giải quyết hồ sơ trực tuyến toàn trình và thanh toán trực tuyến", "VP", "Tỷ lệ hồ sơ trực tuyến đạt chỉ tiêu tỉnh giao", (12, 31), OPEN, None),
    (A.PROCEDURES, "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Bộ phận Một cửa huyện, xã", "MOTCUA", "Hồ sơ, kết quả được số hóa trên Hệ thống thông tin giải quyết TTHC", (10, 31), D, (10, 30)),
    (A.ORGANISATION, "Rà soát, sắp xếp tổ chức bộ máy các phòng chuyên môn theo Nghị định 108/2020/NĐ-CP", "NOIVU", "Quyết định quy định chức năng, nhiệm vụ các phòng", (6, 28), D, (6, 20)),
    (A.ORGANISATION, "Kiểm tra tình hình thực hiện nhiệm vụ phân cấp quản lý nhà nước", "NOIVU", "Báo cáo kết quả kiểm tra phân cấp", (9, 30), D, (9, 27)),
    (A.ORGANISATION, "Kiện toàn Bộ phận Tiếp nhận và Trả kết quả cấp huyện, cấp xã", "VP", "Quyết định kiện toàn Bộ phận Một cửa", (3, 29), D, (3, 22)),
    (A.CIVIL_SERVICE, "Chuyển đổi vị trí công tác đối với công chức, viên chức theo Nghị định 59/2019/NĐ-CP", "NOIVU", "Kế hoạch và quyết định chuyển đổi vị trí công tác", (8, 30), L, (9, 16)),
    (A.CIVIL_SERVICE, "Đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm 2024", "NOIVU", "Báo cáo kết quả đào tạo, bồi dưỡng", (11, 29), D, (11, 25)),
    (A.PUBLIC_FINANCE, "Giao quyền tự chủ về biên chế và kinh phí quản lý hành chính cho các cơ quan chuyên môn", "TCKH", "Quyết định giao dự toán ngân sách năm 2024", (1, 31), D, (1, 15)),
    (A.PUBLIC_FINANCE, "Thực hiện cơ chế tự chủ tài chính tại các đơn vị sự nghiệp công lập", "TCKH", "Báo cáo tình hình thực hiện cơ chế tự chủ", (12, 13), D, (12, 9)),
    (A.MODERNISATION, "Duy trì, cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015", "VP", "Quyết định công bố lại Hệ thống quản lý chất lượng", (9, 30), L, (10, 14)),
    (A.MODERNISATION, "Sử dụng chữ ký số, gửi nhận văn bản điện tử trên Hệ thống quản lý văn bản và điều hành", "VP", "Văn bản điện tử có ký số đạt trên 90%", (12, 31), D, (12, 12)),
    (A.MODERNISATION, "Vận hành hệ thống họp trực tuyến từ huyện đến các xã, thị trấn", "VP", "Hệ thống họp trực tuyến hoạt động ổn định", (6, 28), D, (6, 14)),
    (A.MODERNISATION, "Cập nhật tin, bài trên Chuyên mục cải cách hành chính của Trang thông tin điện tử huyện", "VP", "Tin, bài đăng tải hằng tháng", (12, 31), D, (12, 13)),
    (A.DIRECTION, "Ban hành Kế hoạch cải cách hành chính năm 2024", "NOIVU", "Kế hoạch của UBND huyện", (1, 15), D, (1, 12)),
    (A.DIRECTION, "Ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2024", "NOIVU", "Kế hoạch tuyên truyền CCHC", (2, 29), D, (2, 26)),
    (A.DIRECTION, "Ban hành Kế hoạch kiểm tra công tác cải cách hành chính năm 2024", "NOIVU", "Kế hoạch kiểm tra CCHC", (3, 29), D, (3, 20)),
    (A.DIRECTION, "Kiểm tra công tác cải cách hành chính tại các phòng chuyên môn và UBND các xã, thị trấn", "NOIVU", "Thông báo kết luận kiểm tra", (10, 31), L, (11, 8)),
    (A.DIRECTION, "Chấm điểm, xác định Chỉ số cải cách hành chính các xã, thị trấn năm 2024", "NOIVU", "Quyết định phê duyệt kết quả Chỉ số CCHC cấp xã", (12, 20), OPEN, None),
    (A.DIRECTION, "Báo cáo định kỳ công tác cải cách hành chính quý, 6 tháng và năm", "NOIVU", "Báo cáo gửi Sở Nội vụ đúng hạn", (12, 13), D, (12, 12)),
]  # fmt: skip

# assigned by, document, area, title, office, due, outcome, completed
ASSIGNED_2024 = [
    ("ST-SNV", "Công văn số 45/SNV-CCHC ngày 05/01/2024", A.DIRECTION, "Tự đánh giá, chấm điểm Chỉ số CCHC năm 2023 kèm tài liệu kiểm chứng", "NOIVU", (1, 19), D, (1, 18)),
    ("ST", "Công văn số 512/UBND-NC ngày 20/02/2024", A.DISCIPLINE, "Báo cáo kết quả thực hiện Chỉ thị 26/CT-TTg về tăng cường kỷ luật, kỷ cương hành chính", "NOIVU", (3, 15), D, (3, 12)),
    ("ST", "Công văn số 1034/UBND-KSTT ngày 02/05/2024", A.PROCEDURES, "Rà soát, đề xuất phương án phân cấp thẩm quyền giải quyết thủ tục hành chính", "VP", (5, 31), L, (6, 10)),
    ("ST", "Kế hoạch số 88/KH-UBND ngày 10/06/2024", A.MODERNISATION, "Triển khai dịch vụ công liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế", "TUPHAP", (7, 1), D, (6, 28)),
    ("ST-VP", "Công văn số 2231/VP-KSTT ngày 12/08/2024", A.PROCEDURES, "Cập nhật quy trình nội bộ giải quyết TTHC cấp huyện, cấp xã lên Hệ thống thông tin giải quyết TTHC", "VP", (9, 30), L, (10, 15)),
    ("ST-SNV", "Công văn số 1870/SNV-CCHC ngày 25/11/2024", A.DIRECTION, "Khắc phục hạn chế, tồn tại qua kiểm tra công tác CCHC của tỉnh năm 2024", "NOIVU", (12, 10), OPEN, None),
]  # fmt: skip

DIRECTIVES_2024 = [
    (DirectiveKind.PLAN, "02/KH-UBND", (1, 12), "Kế hoạch cải cách hành chính năm 2024 của UBND huyện Thạnh Trị"),
    (DirectiveKind.PLAN, "15/KH-UBND", (2, 26), "Kế hoạch tuyên truyền cải cách hành chính năm 2024"),
    (DirectiveKind.PLAN, "28/KH-UBND", (3, 20), "Kế hoạch kiểm tra công tác cải cách hành chính năm 2024"),
    (DirectiveKind.LETTER, "312/UBND-NV", (4, 15), "Về việc tăng cường kỷ luật, kỷ cương hành chính trong giải quyết thủ tục hành chính"),
    (DirectiveKind.DECISION, "145/QĐ-UBND", (8, 5), "Về việc thành lập Đoàn kiểm tra công tác cải cách hành chính năm 2024"),
    (DirectiveKind.LETTER, "1268/UBND-NV", (11, 18), "Về việc khắc phục tồn tại, hạn chế qua kiểm tra công tác cải cách hành chính"),
]  # fmt: skip

# target office or unit code, planned (month, day), done (month, day) or None, found, fixed
INSPECTIONS_2024 = [
    ("office", "TUPHAP", (8, 19), (8, 20), 2, 2, "Cơ bản thực hiện tốt; còn chậm cập nhật sổ theo dõi văn bản."),
    ("office", "TNMT", (8, 21), (8, 22), 3, 2, "Một số hồ sơ đất đai giải quyết quá hạn chưa có văn bản xin lỗi."),
    ("unit", "TT-PHULOC", (9, 9), (9, 10), 4, 4, "Niêm yết TTHC chưa đầy đủ; đã khắc phục."),
    ("unit", "TT-LAMTAN", (9, 11), (9, 12), 3, 3, "Sổ theo dõi hồ sơ chưa ghi đầy đủ thông tin."),
    ("unit", "TT-VINHLOI", (10, 15), (10, 17), 2, 1, "Chưa số hóa kết quả giải quyết TTHC lĩnh vực hộ tịch."),
    ("unit", "TT-CHAUHUNG", (11, 20), None, 0, 0, ""),
]  # fmt: skip

OUTREACH_2024 = [
    ((3, 15), OutreachForm.RADIO, "Chuyên mục Cải cách hành chính trên Đài Truyền thanh huyện", 12, "Nhân dân trên địa bàn huyện", None),
    ((4, 10), OutreachForm.MEETING, "Lồng ghép tuyên truyền CCHC tại hội nghị giao ban tháng 4", 1, "Cán bộ, công chức huyện, xã", 85),
    ((6, 28), OutreachForm.NEWS, "Tin, bài về cải cách hành chính trên Trang thông tin điện tử huyện", 11, "Người dân, doanh nghiệp", None),
    ((9, 25), OutreachForm.CONTEST, "Hội thi trực tuyến tìm hiểu về cải cách hành chính năm 2024", 1, "Cán bộ, công chức, viên chức và người dân", 1250),
    ((10, 5), OutreachForm.SOCIAL, "Hướng dẫn nộp hồ sơ trực tuyến qua trang Zalo của UBND huyện", 8, "Người dân, doanh nghiệp", None),
]  # fmt: skip

PHU_LOC_TASKS = [
    # area, title, office, output; the first six fall before today, the others after it
    (A.DIRECTION, "Xây dựng, ban hành Kế hoạch cải cách hành chính năm {year} của UBND xã", "VPTK", "Kế hoạch của UBND xã"),
    (A.PROCEDURES, "Rà soát, cập nhật, niêm yết công khai thủ tục hành chính thuộc thẩm quyền của UBND xã", "MOTCUA", "Danh mục TTHC niêm yết tại Bộ phận Một cửa"),
    (A.ORGANISATION, "Kiện toàn Bộ phận Một cửa của xã sau sắp xếp đơn vị hành chính", "LD", "Quyết định kiện toàn Bộ phận Một cửa"),
    (A.PROCEDURES, "Số hóa kết quả giải quyết thủ tục hành chính lĩnh vực hộ tịch", "TPHT", "Kết quả đăng ký hộ tịch được số hóa"),
    (A.MODERNISATION, "Cập nhật hồ sơ địa chính số vào cơ sở dữ liệu đất đai", "DCXD", "Hồ sơ địa chính được cập nhật"),
    (A.DIRECTION, "Ban hành Kế hoạch tuyên truyền cải cách hành chính năm {year}", "VPTK", "Kế hoạch tuyên truyền CCHC"),
    (A.INSTITUTIONS, "Tự kiểm tra, rà soát văn bản do HĐND, UBND xã ban hành", "TPHT", "Báo cáo kết quả tự kiểm tra"),
    (A.PROCEDURES, "Hướng dẫn người dân nộp hồ sơ trực tuyến, thanh toán trực tuyến tại Bộ phận Một cửa", "MOTCUA", "Tỷ lệ hồ sơ trực tuyến tăng so với năm trước"),
    (A.CIVIL_SERVICE, "Cử công chức tham gia bồi dưỡng nghiệp vụ chính quyền địa phương hai cấp", "VPTK", "Công chức được bồi dưỡng"),
    (A.PUBLIC_FINANCE, "Thực hiện cơ chế tự chủ về kinh phí quản lý hành chính", "VPTK", "Báo cáo thực hiện tự chủ"),
    (A.MODERNISATION, "Sử dụng chữ ký số trong gửi, nhận văn bản điện tử", "VPTK", "Văn bản điện tử có ký số"),
    (A.DISCIPLINE, "Tuyên truyền thực hiện văn hóa công vụ tại trụ sở UBND xã", "VHXH", "Cán bộ, công chức thực hiện đúng quy tắc ứng xử"),
]  # fmt: skip
# Where the first six fall between the plan's issue date and today, and how each stands.
PAST = [(0.15, D), (0.3, L), (0.45, "overdue"), (0.6, D), (0.75, "overdue"), (0.9, D)]
AHEAD_DAYS = [2, 12, 30, 60, 90, 120]  # calendar days after today for the other six


def _on(year: int, month_day) -> date:
    return date(year, *month_day)


def _at(day: date) -> datetime:
    return datetime.combine(day, time(16, 0), tzinfo=workcal.LOCAL_TZ)


def _finish(actor, task, outcome: str, completed: date | None, today: date) -> None:
    """Record the task's progress as it happened (a completion never after `today`)."""
    if outcome in (D, L) and completed is not None and completed <= today:
        services.update_progress(
            actor,
            task,
            status=TaskStatus.DONE,
            completed_on=completed,
            evidence=f"{task.expected_output} (đã hoàn thành).",
            today=today,
            now=_at(completed),
        )
    elif outcome in (OPEN, "overdue"):
        services.update_progress(
            actor, task, status=TaskStatus.IN_PROGRESS, today=today, now=timezone.now()
        )


def _thanh_tri(today: date) -> None:
    district = Unit.objects.get(code="TT")
    officer = User.objects.get(username="cchc")
    offices = {o.code: o for o in Office.objects.filter(unit=district)}
    plan = services.ensure_plan(
        officer,
        district,
        kind=PlanKind.REFORM,
        year=2024,
        number="02/KH-UBND",
        issued_on=date(2024, 1, 12),
        title="Kế hoạch cải cách hành chính năm 2024 của UBND huyện Thạnh Trị",
    )
    if plan.tasks.exists():
        return
    for area, title, office, output, due, outcome, completed in THANH_TRI_2024:
        task = services.add_task(
            officer,
            unit=district,
            plan=plan,
            area=area,
            title=title,
            due_on=_on(2024, due),
            owner_office=offices[office],
            expected_output=output,
            source_ref="Kế hoạch CCHC năm 2024 của UBND tỉnh Sóc Trăng",
        )
        _finish(officer, task, outcome, completed and _on(2024, completed), today)
    for by, document, area, title, office, due, outcome, completed in ASSIGNED_2024:
        task = services.record_assigned_task(
            officer,
            unit=district,
            assigned_by=Unit.objects.get(code=by),
            assigning_document=document,
            area=area,
            title=title,
            due_on=_on(2024, due),
            owner_office=offices[office],
        )
        _finish(officer, task, outcome, completed and _on(2024, completed), today)
    for kind, number, issued, summary in DIRECTIVES_2024:
        services.add_directive(
            officer,
            district,
            kind=kind,
            number=number,
            issued_on=_on(2024, issued),
            summary=summary,
            today=today,
        )
    inspection_plan = services.ensure_plan(
        officer,
        district,
        kind=PlanKind.INSPECTION,
        year=2024,
        number="28/KH-UBND",
        issued_on=date(2024, 3, 20),
        title="Kế hoạch kiểm tra công tác cải cách hành chính năm 2024",
    )
    for target, code, planned, done, found, fixed, conclusion in INSPECTIONS_2024:
        services.add_inspection(
            officer,
            district,
            year=2024,
            plan=inspection_plan,
            inspected_office=offices[code] if target == "office" else None,
            inspected_unit=Unit.objects.get(code=code) if target == "unit" else None,
            planned_on=_on(2024, planned),
            done_on=done and _on(2024, done),
            issues_found=found,
            issues_fixed=fixed,
            conclusion=conclusion,
            today=today,
        )
    for held, form, title, count, audience, audience_count in OUTREACH_2024:
        services.add_outreach(
            officer,
            district,
            held_on=_on(2024, held),
            form=form,
            title=title,
            count=count,
            audience=audience,
            audience_count=audience_count,
            today=today,
        )
    services.add_initiative(
        officer,
        district,
        year=2024,
        kind=InitiativeKind.MODEL,
        name="Mô hình “Công dân không viết” tại Bộ phận Một cửa huyện, xã",
        status=InitiativeStatus.APPLIED,
        applied_on=date(2024, 5, 2),
        description="Công chức Bộ phận Một cửa điền sẵn tờ khai từ dữ liệu dân cư; người dân "
        "chỉ kiểm tra và ký.",
        today=today,
    )
    services.add_initiative(
        officer,
        district,
        year=2024,
        kind=InitiativeKind.INITIATIVE,
        name="Hỗ trợ người cao tuổi nộp hồ sơ trực tuyến tại nhà",
        today=today,
    )


def _phu_loc(today: date) -> None:
    commune = Unit.objects.get(code="CT-PHULOC")
    officer = User.objects.get(username="cchc.phuloc")
    offices = {o.code: o for o in Office.objects.filter(unit=commune)}
    calendar = workcal.calendar_for(commune)
    year = today.year
    start = max(date(year, 1, 10), commune.valid_from or date(year, 1, 1))
    issued = min(calendar.next_working_day(start, include=True), today)
    plan = services.ensure_plan(
        officer,
        commune,
        kind=PlanKind.REFORM,
        year=year,
        number="05/KH-UBND",
        issued_on=issued,
        title=f"Kế hoạch cải cách hành chính năm {year} của UBND xã Phú Lộc",
    )
    if plan.tasks.exists():
        return
    span = (today - issued).days
    dues = [issued + timedelta(days=int(span * share)) for share, _ in PAST]
    dues += [today + timedelta(days=days) for days in AHEAD_DAYS]
    outcomes = [outcome for _, outcome in PAST] + [D, OPEN, OPEN, OPEN, OPEN, OPEN]
    for (area, title, office, output), due, outcome in zip(
        PHU_LOC_TASKS, dues, outcomes, strict=True
    ):
        task = services.add_task(
            officer,
            unit=commune,
            plan=plan,
            area=area,
            title=title.format(year=year),
            due_on=due,
            owner_office=offices[office],
            expected_output=output,
        )
        if outcome == D:
            completed = min(due, today)
        elif outcome == L:
            completed = min(due + timedelta(days=6), today)
        else:
            completed = None
        if outcome == D and due > today:  # the one done ahead of its due date
            completed = today
        _finish(officer, task, outcome, completed, today)
    higher = Unit.objects.get(code="CT")
    for title, due, outcome in (
        ("Báo cáo kết quả vận hành chính quyền địa phương hai cấp", issued, "overdue"),
        ("Rà soát, công khai danh mục TTHC cấp xã sau sắp xếp", today + timedelta(days=20), OPEN),
    ):
        task = services.record_assigned_task(
            officer,
            unit=commune,
            assigned_by=higher,
            assigning_document=f"Công văn số 215/UBND-NC ngày {issued:%d/%m/%Y}",
            area=A.DIRECTION,
            title=title,
            due_on=due,
            owner_office=offices["VPTK"],
        )
        _finish(officer, task, outcome, None, today)
    services.add_directive(
        officer,
        commune,
        kind=DirectiveKind.PLAN,
        number="05/KH-UBND",
        issued_on=issued,
        summary=f"Kế hoạch cải cách hành chính năm {year}",
        today=today,
    )
    services.add_outreach(
        officer,
        commune,
        held_on=issued,
        form=OutreachForm.MEETING,
        title="Phổ biến Kế hoạch CCHC năm tại hội nghị cán bộ, công chức xã",
        count=1,
        audience="Cán bộ, công chức, người hoạt động không chuyên trách",
        audience_count=42,
        today=today,
    )


@transaction.atomic
def load_demo_plans(today: date | None = None) -> None:
    today = today or timezone.localdate()
    _thanh_tri(today)
    _phu_loc(today)
