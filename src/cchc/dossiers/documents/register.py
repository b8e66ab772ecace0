"""Mẫu 07 of Thông tư 03/2025/TT-VPCP (Mẫu 06 of Thông tư 01/2018/TT-VPCP) — Sổ theo dõi hồ
sơ: the dossier register of one sector for one period, as an A4 landscape XLSX sheet."""

from __future__ import annotations

from cchc.core.documents import Letterhead, OfficialWorkbook
from cchc.core.vnformat import short_date

from .contexts import RETURN_METHOD_LABELS, RegisterContext, label

REGISTER_TITLE = "SỔ THEO DÕI HỒ SƠ"
REGISTER_HEADERS = [
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
COLUMN_WIDTHS = [5, 20, 32, 20, 24, 20, 15, 15, 15, 13, 12]
COLUMN_FORMATS = [
    "cell_center",
    "cell",
    "cell",
    "cell",
    "cell",
    "cell",
    "cell_center",
    "cell_center",
    "cell_center",
    "cell_center",
    "cell",
]
LAST_COL = len(REGISTER_HEADERS) - 1


def _address_and_phone(address: str, phone: str) -> str:
    if address and phone:
        return f"{address}; ĐT: {phone}"
    return address or (f"ĐT: {phone}" if phone else "")


def render_register(context: RegisterContext) -> bytes:
    """Mẫu 07 — Sổ theo dõi hồ sơ; times are real Excel values shown as "hh:mm dd/mm/yyyy"."""
    book = OfficialWorkbook()
    sheet = book.add_sheet("So theo doi ho so", COLUMN_WIDTHS)
    row = book.write_letterhead(
        sheet,
        0,
        Letterhead(issuer=context.issuer.name, parent_body=context.issuer.parent_body),
        split=4,
        last_col=LAST_COL,
    )
    row += 1
    book.merge(sheet, row, 0, LAST_COL, REGISTER_TITLE, "title")
    book.merge(sheet, row + 1, 0, LAST_COL, f"Lĩnh vực: {context.sector}", "subtitle")
    period = f"Từ ngày {short_date(context.period_start)} đến ngày {short_date(context.period_end)}"
    book.merge(sheet, row + 2, 0, LAST_COL, period, "italic_center")
    row += 3
    if context.book:
        book.merge(sheet, row, 0, LAST_COL, context.book, "center")
        row += 1
    header_row = row + 1
    book.write_table(
        sheet,
        header_row,
        REGISTER_HEADERS,
        [
            (
                index,
                item.dossier_code,
                item.procedure,
                item.applicant,
                _address_and_phone(item.address, item.phone),
                item.handling_unit,
                item.received_at,
                item.due_at,
                item.returned_at,
                label(RETURN_METHOD_LABELS, item.return_method),
                item.signed_by,
            )
            for index, item in enumerate(context.rows, start=1)
        ],
        column_formats=COLUMN_FORMATS,
    )
    sheet.freeze_panes(header_row + 1, 0)
    sheet.set_footer('&C&"Times New Roman"&11Trang &P/&N')
    return book.to_bytes()
