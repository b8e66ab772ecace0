"""Mẫu 02: the request to supplement an incomplete dossier."""

from dataclasses import replace

from cchc.dossiers.documents import render_supplement_request

from .conftest import CODE
from .reading import lines, open_docx, text


def test_supplement_request_lists_what_to_complete_and_why(supplement):
    """As an applicant I learn, item by item, what is missing from my dossier and why."""
    document = open_docx(render_supplement_request(supplement))
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in lines(document)
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["STT", "Nội dung cần bổ sung, hoàn thiện", "Lý do"],
        ["1", "Giấy chứng sinh (bản chính)", "Hồ sơ mới nộp bản chụp"],
        ["2", "Văn bản ủy quyền có chứng thực", "Người nộp không phải cha, mẹ của trẻ"],
    ]


def test_supplement_request_names_the_applicant_and_who_to_ask(supplement):
    """As an applicant I know whom to call while I gather the missing papers."""
    document = open_docx(render_supplement_request(supplement))
    found = lines(document)
    body = text(document)
    assert "Số: 08/PBS-BPMC" in found
    assert "Đại An, ngày 05 tháng 3 năm 2026" in found
    assert f"Mã hồ sơ: {CODE}" in found
    assert "Hồ sơ của: Nguyễn Thị Hồng Nhung" in body
    assert "Nội dung yêu cầu giải quyết: Đăng ký khai sinh" in body
    assert "Thời gian tiếp nhận: 10 giờ 30 phút, ngày 05/03/2026" in body
    assert "Thời hạn bổ sung, hoàn thiện hồ sơ: trước ngày 20/03/2026." in body
    assert (
        "liên hệ với Trần Văn Bình, Bộ phận Một cửa UBND xã Đại An, điện thoại 0294 3871 234"
        " để được hướng dẫn" in body
    )
    signature = document.tables[-1].rows[0].cells[1].text
    assert signature.startswith("NGƯỜI HƯỚNG DẪN")
    assert signature.endswith("Trần Văn Bình")


def test_supplement_request_before_a_code_exists_leaves_the_code_out(supplement):
    """As a desk officer I can ask for papers before the dossier has been given a code."""
    document = open_docx(
        render_supplement_request(replace(supplement, dossier_code=None, deadline=None))
    )
    assert "Mã hồ sơ" not in text(document)
    assert "Thời hạn bổ sung" not in text(document)
