"""Mẫu 04: the apology with a new appointment when an office will be late."""

from dataclasses import replace

from cchc.dossiers.documents import render_extension

from .conftest import CODE
from .reading import lines, open_docx, text


def test_extension_apologises_and_gives_the_new_appointment(extension):
    """As an applicant whose dossier is late I get an apology, the reason and a new date."""
    document = open_docx(render_extension(extension))
    found = lines(document)
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in found
    assert "UBND HUYỆN TRÀ CÚ" in found and "PHÒNG TƯ PHÁP" in found
    assert "Số: 15/TP-XL" in found
    assert "Trà Cú, ngày 09 tháng 3 năm 2026" in found
    assert "Kính gửi: Bà Nguyễn Thị Hồng Nhung." in found
    body = text(document)
    assert (
        "Ngày 05 tháng 3 năm 2026, Phòng Tư pháp tiếp nhận giải quyết hồ sơ đề nghị "
        "Đăng ký khai sinh có yếu tố nước ngoài" in body
    )
    assert f"Mã hồ sơ: {CODE}." in body
    assert "Thời gian hẹn trả kết quả giải quyết hồ sơ: 10 giờ 30 phút, ngày 10/03/2026." in body
    assert "vì lý do: Cần xác minh thông tin với cơ quan đại diện ở nước ngoài." in body
    assert "Phòng Tư pháp xin lỗi ông/bà (tổ chức)" in body
    assert "vào 16 giờ 00 phút, ngày 17/03/2026." in body
    assert "Mong nhận được sự thông cảm của ông/bà (tổ chức) vì sự chậm trễ này./." in body


def test_extension_is_signed_by_the_head_of_the_office_with_recipients(extension):
    """As the head of the office I sign the apology and it reaches the desk too."""
    recipients, signature = (
        c.text for c in open_docx(render_extension(extension)).tables[-1].rows[0].cells
    )
    assert recipients.split("\n") == [
        "Nơi nhận:",
        "- Như trên;",
        "- Bộ phận Một cửa UBND huyện;",
        "- Lưu: VT.",
    ]
    assert signature.startswith("TRƯỞNG PHÒNG\n(Ký, ghi rõ họ tên và đóng dấu)")
    assert signature.endswith("Phạm Minh Đức")


def test_extension_may_carry_its_own_apology_wording(extension):
    """As an office I may word the apology myself."""
    custom = replace(extension, apology="Phòng Tư pháp thành thật xin lỗi bà.")
    assert "Phòng Tư pháp thành thật xin lỗi bà." in lines(open_docx(render_extension(custom)))
