"""Mẫu 01: the receipt and appointment slip handed to the applicant at intake."""

import segno

from cchc.core.documents import qr_png
from cchc.dossiers.documents import receipt_qr_payload, render_receipt

from .conftest import CODE
from .reading import lines, mm, open_docx, text


def test_receipt_shows_title_letterhead_and_dossier_code(receipt):
    """As an applicant I get a receipt headed like an official document, with my dossier code."""
    document = open_docx(render_receipt(receipt))
    found = lines(document)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in found
    assert f"Mã hồ sơ: {CODE}" in found
    for line in (
        "UBND XÃ ĐẠI AN",
        "BỘ PHẬN MỘT CỬA",
        "Số: 125/GTN-BPMC",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Đại An, ngày 05 tháng 3 năm 2026",
    ):
        assert line in found


def test_receipt_lists_the_applicant_request_and_times(receipt):
    """As an applicant I read who I am, what I asked for, when I came and when to come back."""
    body = text(open_docx(render_receipt(receipt)))
    assert "Bộ phận Một cửa UBND xã Đại An tiếp nhận hồ sơ của:" in body
    assert "Ông/Bà (tổ chức): Nguyễn Thị Hồng Nhung" in body
    assert "084190012345" in body
    assert "Địa chỉ: Ấp Chợ, xã Đại An, huyện Trà Cú, tỉnh Trà Vinh" in body
    assert "Số điện thoại: 0912 345 678; Email: nhung.nguyen@example.vn" in body
    assert "Người được ủy quyền: Lê Văn Tâm" in body
    assert "Đăng ký khai sinh (mã thủ tục: 1.001193.000.00.00.H56)" in body
    assert "2. Số lượng hồ sơ: 01 (bộ)" in body
    assert "3. Thời gian giải quyết hồ sơ theo quy định: 03 ngày làm việc" in body
    assert "4. Thời gian nhận hồ sơ: 10 giờ 30 phút, ngày 05/03/2026" in body
    assert "5. Thời gian trả kết quả giải quyết hồ sơ: 10 giờ 30 phút, ngày 10/03/2026" in body
    assert "6. Đăng ký nhận kết quả tại: Bộ phận Một cửa UBND xã Đại An" in body
    assert "Vào Sổ theo dõi hồ sơ, Quyển số: 01/2026, Số thứ tự: 0007" in body


def test_receipt_lists_every_submitted_component(receipt):
    """As an officer I can prove which papers were handed in, as originals or copies."""
    document = open_docx(render_receipt(receipt))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    assert [c.text for c in table.rows[0].cells] == ["STT", "Tên giấy tờ", "Hình thức", "Số lượng"]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert rows == [
        ["1", "Tờ khai đăng ký khai sinh", "Bản chính", "01"],
        ["2", "Giấy chứng sinh", "Bản chính", "01"],
        ["3", "Giấy chứng nhận kết hôn của cha, mẹ", "Bản sao có chứng thực", "01"],
    ]


def test_receipt_is_signed_by_the_person_submitting_and_the_officer(receipt):
    """As an officer I sign beside the person who actually handed in the dossier."""
    signatures = open_docx(render_receipt(receipt)).tables[-1]
    left, right = (cell.text for cell in signatures.rows[0].cells)
    assert left.startswith("NGƯỜI NỘP HỒ SƠ\n(Ký và ghi rõ họ tên)")
    assert left.endswith("Lê Văn Tâm")
    assert right.startswith("NGƯỜI TIẾP NHẬN HỒ SƠ")
    assert right.endswith("Trần Văn Bình")


def test_receipt_carries_a_qr_code_for_the_lookup(receipt):
    """As an applicant I scan the receipt to look my dossier up."""
    data = render_receipt(receipt)
    document = open_docx(data)
    assert len(document.inline_shapes) >= 1
    payload = receipt_qr_payload(receipt)
    assert payload == f"https://dichvucong.travinh.gov.vn/tra-cuu?ma={CODE}"
    image = document.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    embedded = document.part.related_parts[image].blob
    assert embedded == qr_png(payload)
    assert segno.make(payload, error="m").designator.endswith("-M")


def test_receipt_without_a_lookup_url_encodes_the_dossier_code(receipt):
    """As an applicant without internet the QR still gives the code to a counter scanner."""
    from dataclasses import replace

    bare = replace(receipt, lookup_url=None, authorised_person=None)
    assert receipt_qr_payload(bare) == CODE
    document = open_docx(render_receipt(bare))
    assert "Người được ủy quyền" not in text(document)
    assert document.tables[-1].rows[0].cells[0].text.endswith("Nguyễn Thị Hồng Nhung")


def test_receipt_is_a4_in_times_new_roman(receipt):
    """As a desk officer I print the receipt on A4 as Nghị định 30/2020 prescribes."""
    document = open_docx(render_receipt(receipt))
    section = document.sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert 30 <= mm(section.left_margin) <= 35
    assert 15 <= mm(section.right_margin) <= 20
    assert document.styles["Normal"].font.name == "Times New Roman"
