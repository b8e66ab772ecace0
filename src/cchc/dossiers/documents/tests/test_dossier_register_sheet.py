"""Mẫu 07: the dossier register of a sector for a period, as a spreadsheet."""

from datetime import datetime

from cchc.dossiers.documents import render_register
from cchc.dossiers.documents.register import REGISTER_HEADERS

from .conftest import CODE
from .reading import open_xlsx

HEADERS = [
    "STT",
    "Mã hồ sơ",
    "Tên TTHC",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Ngày có kết quả/trả kết quả",
    "Cách thức trả",
    "Ký nhận",
]


def _cells(sheet):
    return [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]


def test_register_heading_names_unit_sector_and_period(register):
    """As a desk head I print the register for Hộ tịch, first quarter 2026."""
    sheet = open_xlsx(render_register(register)).active
    values = [value for row in _cells(sheet) for value in row if value]
    for expected in (
        "UBND XÃ ĐẠI AN",
        "BỘ PHẬN MỘT CỬA",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "SỔ THEO DÕI HỒ SƠ",
        "Lĩnh vực: Hộ tịch",
        "Từ ngày 01/01/2026 đến ngày 31/03/2026",
        "Quyển số: 01/2026",
    ):
        assert expected in values


def test_register_has_the_official_columns_and_one_row_per_dossier(register):
    """As an inspector I read each dossier's code, applicant, dates and how it was returned."""
    sheet = open_xlsx(render_register(register)).active
    rows = _cells(sheet)
    header_index = next(i for i, row in enumerate(rows) if row[0] == "STT")
    assert list(rows[header_index]) == HEADERS == REGISTER_HEADERS
    data = rows[header_index + 1 :]
    assert len(data) == 2
    assert list(data[0]) == [
        1,
        CODE,
        "Đăng ký khai sinh",
        "Nguyễn Thị Hồng Nhung",
        "Ấp Chợ, xã Đại An; ĐT: 0912 345 678",
        "UBND xã Đại An",
        datetime(2026, 3, 5, 10, 30),
        datetime(2026, 3, 10, 10, 30),
        datetime(2026, 3, 9, 15, 45),
        "Trực tiếp",
        None,
    ]
    assert list(data[1]) == [
        2,
        "000.00.27.H56-260306-0001",
        "Đăng ký kết hôn",
        "Thạch Sô Phia",
        "Ấp Xoài Xiêm, xã Đại An",
        "UBND xã Đại An",
        datetime(2026, 3, 6, 8, 5),
        datetime(2026, 3, 11, 8, 5),
        None,
        None,
        None,
    ]
    received = sheet.cell(row=header_index + 2, column=7)
    assert received.number_format == "hh:mm dd/mm/yyyy"


def test_register_prints_landscape_a4_in_times_new_roman(register):
    """As a desk officer I print the register across an A4 page in landscape."""
    sheet = open_xlsx(render_register(register)).active
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9
    assert sheet.print_title_rows
    assert sheet["A1"].font.name == "Times New Roman"
    header = next(row for row in sheet.iter_rows() if row[0].value == "STT")
    assert all(cell.font.name == "Times New Roman" and cell.font.b for cell in header)
