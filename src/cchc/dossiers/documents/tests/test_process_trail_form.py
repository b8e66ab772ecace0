"""Mẫu 06: the process-control slip that follows the dossier from hand to hand."""

from cchc.dossiers.documents import render_process_trail

from .conftest import CODE
from .reading import lines, open_docx, text


def test_process_trail_header_names_the_dossier_and_units(trail):
    """As an inspector I see which units handled the dossier and its appointment."""
    document = open_docx(render_process_trail(trail))
    found = lines(document)
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in found
    assert f"Mã hồ sơ: {CODE}" in found
    assert "(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả số: 125/GTN-BPMC)" in found
    assert not any(line.startswith("Số:") for line in found)
    body = text(document)
    assert "Cơ quan (bộ phận) giải quyết hồ sơ: Phòng Tư pháp huyện Trà Cú" in body
    assert "Cơ quan phối hợp giải quyết hồ sơ: Công an huyện Trà Cú; UBND xã Đại An" in body
    assert "Thời gian nhận hồ sơ: 10 giờ 30 phút, ngày 05/03/2026" in body
    assert "Thời gian hẹn trả kết quả: 10 giờ 30 phút, ngày 10/03/2026" in body


def test_process_trail_has_one_row_per_hand_over_with_its_timeliness(trail):
    """As an inspector I see every hand-over, its time and whether it was early, on time or late."""
    table = open_docx(render_process_trail(trail)).tables[-1]
    header = [c.text for c in table.rows[0].cells]
    assert header[0] == "STT"
    assert header[3] == "Thời gian giao, nhận hồ sơ"
    assert header[4].startswith("Người giao") and header[5].startswith("Người nhận")
    assert header[6] == "Kết quả giải quyết\n(Trước hạn/ Đúng hạn/ Quá hạn)"
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert len(rows) == 3
    assert rows[0] == [
        "1",
        "Bộ phận Một cửa\nTrần Văn Bình",
        "Phòng Tư pháp\nLê Thị Mai",
        "14 giờ 00 phút, ngày 05/03/2026",
        "",
        "",
        "Trước hạn",
        "",
    ]
    assert [row[6] for row in rows] == ["Trước hạn", "Đúng hạn", "Quá hạn"]
    assert rows[1][7] == "Trình ký"
    assert rows[2][3] == "08 giờ 00 phút, ngày 11/03/2026"
