"""Mẫu 05 (new in Thông tư 03/2025): notice that processing of a dossier stops."""

from dataclasses import replace

from cchc.dossiers.documents import render_stop_notice

from .conftest import CODE
from .reading import lines, open_docx, text


def test_stop_notice_at_the_applicants_request(stop_notice):
    """As an applicant who asked to stop I get a notice naming my dossier and the date."""
    document = open_docx(render_stop_notice(stop_notice))
    found = lines(document)
    assert "THÔNG BÁO" in found
    assert "Dừng giải quyết hồ sơ" in found
    assert "Số: 02/TB-TP" in found
    assert "Trà Cú, ngày 12 tháng 3 năm 2026" in found
    body = text(document)
    assert f"của bà Nguyễn Thị Hồng Nhung, mã hồ sơ: {CODE}." in body
    assert (
        "Căn cứ đề nghị dừng giải quyết hồ sơ của ông/bà (tổ chức) ngày 11 tháng 3 năm 2026; "
        "lý do: Người yêu cầu xin rút hồ sơ để bổ sung giấy tờ nước ngoài." in body
    )
    assert (
        "Phòng Tư pháp thông báo dừng giải quyết hồ sơ nêu trên kể từ ngày 12 tháng 3 năm 2026."
        in body
    )
    recipients, signature = (c.text for c in document.tables[-1].rows[0].cells)
    assert recipients.split("\n")[1:] == ["- Như trên;", "- Lưu: VT."]
    assert signature.endswith("Phạm Minh Đức")


def test_stop_notice_decided_by_the_office_gives_its_reason(stop_notice):
    """As an applicant whose dossier is stopped by the office I read the office's reason."""
    notice = replace(
        stop_notice,
        requested_by_applicant=False,
        request_date=None,
        reason="Quá thời hạn bổ sung hồ sơ mà người yêu cầu không bổ sung.",
    )
    body = text(open_docx(render_stop_notice(notice)))
    assert "Căn cứ đề nghị" not in body
    assert (
        "Lý do dừng giải quyết hồ sơ: Quá thời hạn bổ sung hồ sơ mà người yêu cầu không bổ sung."
        in body
    )
