"""Demo reports (loaded by `cchc demo`): the last quarter of 2024 already filed.

UBND huyện Thạnh Trị's TTHC-control report for 2024-Q4 is written, submitted on time and
accepted by the province, so the 2025-Q1 report the reform officer `cchc` opens is pre-filled
with last quarter's narrative; three of its communes filed 2024-Q4 (one of them late) and the
others did not, so the district's filings page has every case. Everything goes through the
services, so the stored DOCX/XLSX/PDF are the real ones.
"""

from __future__ import annotations

from datetime import datetime, time

from cchc.units.models import Unit, User
from cchc.workcal.services import LOCAL_TZ

from . import services
from .report_types import load_report_types

PERIOD = "2024-Q4"
NARRATIVE = {
    "I.9": (
        "UBND huyện ban hành kế hoạch tuyên truyền cải cách hành chính năm 2024, chỉ đạo các "
        "phòng, ban chuyên môn, UBND các xã, thị trấn kịp thời công khai các TTHC thuộc thẩm "
        "quyền giải quyết trên Trang thông tin điện tử của huyện."
    ),
    "I.10": (
        "Tiếp tục duy trì mô hình “ngày không viết” và áp dụng Hệ thống quản lý chất lượng "
        "theo tiêu chuẩn TCVN ISO 9001:2015 tại các phòng chuyên môn và UBND cấp xã."
    ),
    "I.11": (
        "Phân công công chức đầu mối Văn phòng HĐND và UBND huyện phối hợp các phòng chuyên "
        "môn rà soát, đối chiếu danh mục TTHC theo quyết định công bố mới của UBND tỉnh."
    ),
    "II.1": (
        "Công tác kiểm soát TTHC được quan tâm chỉ đạo; việc tiếp nhận, giải quyết hồ sơ tại "
        "Bộ phận Một cửa huyện, xã được thực hiện đúng quy trình, đúng quy định."
    ),
    "II.2": (
        "Số lượng hồ sơ nộp trực tuyến còn thấp so với chỉ tiêu của tỉnh; một số hồ sơ lĩnh "
        "vực đất đai còn phải gia hạn do phải xác minh nguồn gốc đất."
    ),
    "II.3": (
        "Trình độ và điều kiện sử dụng thiết bị công nghệ thông tin của người dân còn hạn chế."
    ),
    "III": (
        "1. Tiếp tục rà soát, đối chiếu danh mục TTHC thuộc thẩm quyền giải quyết của cơ "
        "quan, đơn vị theo quyết định công bố mới của UBND tỉnh.\n"
        "2. Đẩy mạnh số hóa hồ sơ, kết quả giải quyết TTHC; hướng dẫn người dân nộp hồ sơ "
        "trực tuyến.\n"
        "3. Công khai kết quả đánh giá chất lượng phục vụ người dân, doanh nghiệp."
    ),
}


def _local(text: str) -> datetime:
    day = datetime.strptime(text, "%Y-%m-%d %H:%M")
    return datetime.combine(day.date(), time(day.hour, day.minute), tzinfo=LOCAL_TZ)


def _file(user, unit: Unit, number: str, submitted: str, narrative: dict[str, str]):
    report = services.open_report(user, "tthc-control", unit, PERIOD)
    # No impact assessment, appraisal or feedback on regulations this quarter: 0, as typed.
    zeros = {
        row.indicator.code: ("0", "")
        for row in services.missing_values(report, services.indicator_rows(report))
    }
    report = services.save_report(
        user,
        report,
        texts=narrative,
        values=zeros,
        header={
            "number": number,
            "issued_on": _local(submitted).date(),
            "signer_name": "Nguyễn Văn Bình" if unit.kind == "district" else "Trần Thị Lan",
        },
    )
    return services.submit(user, report, now=_local(submitted))


def load_demo_reports() -> None:
    load_report_types()  # the migration loads them, but a flushed test database has none
    officer = User.objects.get(username="cchc")
    administrator = User.objects.get(username="quantri")
    district = Unit.objects.get(code="TT")
    filed = _file(officer, district, "215", "2024-12-17 09:30", NARRATIVE)
    services.accept(administrator, filed, now=_local("2024-12-19 14:00"))
    for code, number, submitted in (
        ("TT-PHULOC", "98", "2024-12-16 15:00"),
        ("TT-THANHTRI", "61", "2024-12-18 10:15"),
        ("TT-LAMTAN", "57", "2024-12-23 08:45"),  # after the 18/12 deadline: late
    ):
        commune = Unit.objects.get(code=code)
        _file(officer, commune, number, submitted, {"III": NARRATIVE["III"]})
