"""Mẫu 03: refusing a dossier at intake, with the reason in writing."""

from dataclasses import replace

from cchc.dossiers.documents import render_refusal

from .reading import lines, open_docx, text


def test_refusal_states_the_reason_and_is_signed_by_both_sides(refusal):
    """As an applicant turned away I receive the reason in writing."""
    document = open_docx(render_refusal(refusal))
    found = lines(document)
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in found
    assert "Số: 03/PTC-BPMC" in found
    assert "Đại An, ngày 04 tháng 02 năm 2026" in found
    body = text(document)
    assert "Ông/Bà (tổ chức): Nguyễn Thị Hồng Nhung" in body
    assert "Nội dung yêu cầu giải quyết: Cấp Giấy phép xây dựng nhà ở riêng lẻ" in body
    assert "thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:" in body
    assert "Thủ tục thuộc thẩm quyền giải quyết của UBND huyện Trà Cú." in found
    assert "Mã hồ sơ" not in body
    left, right = (c.text for c in document.tables[-1].rows[0].cells)
    assert left.startswith("NGƯỜI NỘP HỒ SƠ") and left.endswith("Nguyễn Thị Hồng Nhung")
    assert right.startswith("NGƯỜI TIẾP NHẬN HỒ SƠ") and right.endswith("Trần Văn Bình")


def test_refusal_during_processing_shows_the_dossier_code(refusal):
    """As an applicant refused after intake I see which dossier the refusal concerns."""
    document = open_docx(render_refusal(replace(refusal, dossier_code="X-260204-0001")))
    assert "Mã hồ sơ: X-260204-0001" in lines(document)
