"""Official documents share one layout: Nghị định 30/2020/NĐ-CP, A4, Times New Roman."""

import io
from datetime import UTC, date, datetime

import segno
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from openpyxl import load_workbook

from cchc.core import documents
from cchc.core.documents import (
    Letterhead,
    OfficialWorkbook,
    Signature,
    add_letterhead,
    add_recipients_and_signature,
    add_signatures,
    add_table,
    add_title,
    clock_and_date,
    dateline,
    new_document,
    qr_png,
    to_bytes,
)

LETTERHEAD = Letterhead(
    issuer="Ủy ban nhân dân huyện Trà Cú",
    parent_body="UBND tỉnh Trà Vinh",
    number="125/BC-UBND",
    place="Trà Cú",
    day=date(2023, 3, 24),
)


def _reopen(document):
    return Document(io.BytesIO(to_bytes(document)))


def _mm(length):
    return round(length / Mm(1), 1)


def test_new_document_is_a4_with_decree_30_margins():
    """As a clerk I print on A4 with the margins Nghị định 30/2020 prescribes."""
    section = _reopen(new_document()).sections[0]
    assert (_mm(section.page_width), _mm(section.page_height)) == (210, 297)
    assert 20 <= _mm(section.top_margin) <= 25
    assert 20 <= _mm(section.bottom_margin) <= 25
    assert 30 <= _mm(section.left_margin) <= 35
    assert 15 <= _mm(section.right_margin) <= 20
    wide = _reopen(new_document(landscape=True)).sections[0]
    assert (_mm(wide.page_width), _mm(wide.page_height)) == (297, 210)


def test_times_new_roman_is_named_for_every_script():
    """As a reader in LibreOffice I see Times New Roman for Vietnamese text, not a fallback."""
    document = _reopen(new_document(font_size=14))
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size.pt == 14
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert fonts.get(qn(script)) == "Times New Roman"
    defaults = document.styles.element.find(qn("w:docDefaults")).find(
        f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}"
    )
    assert defaults.get(qn("w:eastAsia")) == "Times New Roman"


def test_letterhead_has_issuer_number_national_title_motto_and_dateline():
    """As a leader I sign a document headed exactly as the decree shows."""
    document = new_document()
    add_letterhead(document, LETTERHEAD)
    table = _reopen(document).tables[0]
    left, right = table.rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == [
        "UBND TỈNH TRÀ VINH",
        "ỦY BAN NHÂN DÂN HUYỆN TRÀ CÚ",
        "Số: 125/BC-UBND",
    ]
    assert [p.text for p in right.paragraphs] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Trà Cú, ngày 24 tháng 3 năm 2023",
    ]
    issuer = left.paragraphs[1].runs[0]
    assert issuer.bold and issuer.font.name == "Times New Roman"
    rule = left.paragraphs[2]
    assert rule._p.pPr.find(qn("w:pBdr")) is not None
    national, motto, place = (p.runs[0] for p in right.paragraphs)
    assert national.bold and motto.bold and motto.underline
    assert place.italic
    assert table._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:top")).get(qn("w:val")) == "nil"


def test_letterhead_without_parent_number_or_date():
    """As a desk officer I print a slip that carries neither a number nor a date."""
    document = new_document()
    add_letterhead(document, Letterhead(issuer="Bộ phận Một cửa"))
    left, right = _reopen(document).tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == ["BỘ PHẬN MỘT CỬA"]
    assert len(right.paragraphs) == 2


def test_datelines_and_times_read_the_vietnamese_way():
    """As an applicant I read "10 giờ 30 phút, ngày 05/03/2026" in Vietnam time."""
    assert dateline("Trà Cú", date(2024, 2, 5)) == "Trà Cú, ngày 05 tháng 02 năm 2024"
    assert dateline("Trà Cú", None).startswith("Trà Cú, ngày ")
    assert dateline(None, None) is None
    assert clock_and_date(datetime(2026, 3, 5, 10, 30)) == "10 giờ 30 phút, ngày 05/03/2026"
    aware = datetime(2026, 3, 5, 3, 30, tzinfo=UTC)
    assert clock_and_date(aware) == "10 giờ 30 phút, ngày 05/03/2026"


def test_title_recipients_and_signature_blocks():
    """As a leader I find the title, "Nơi nhận:" bottom-left and my signature bottom-right."""
    document = new_document()
    add_title(document, "Báo cáo", "Kết quả giải quyết thủ tục hành chính quý I năm 2026")
    add_recipients_and_signature(
        document,
        ["UBND tỉnh (b/c)", "Lưu: VT."],
        Signature("Phó Chủ tịch", "Nguyễn Văn An", authority="KT. Chủ tịch"),
    )
    add_signatures(document, [Signature("Người lập biểu", "Lê Thị Mai"), Signature("Thủ trưởng")])
    reopened = _reopen(document)
    title = reopened.paragraphs[0]
    assert title.text == "BÁO CÁO" and title.runs[0].bold
    assert reopened.paragraphs[1].text.startswith("Kết quả giải quyết")
    recipients, signature = (c.text for c in reopened.tables[0].rows[0].cells)
    assert recipients == "Nơi nhận:\n- UBND tỉnh (b/c);\n- Lưu: VT."
    assert signature.split("\n") == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"]
    assert [c.text.split("\n")[0] for c in reopened.tables[1].rows[0].cells] == [
        "NGƯỜI LẬP BIỂU",
        "THỦ TRƯỞNG",
    ]


def test_data_tables_have_borders_and_a_repeated_header():
    """As a reader of a long table I see its header again on every page."""
    document = new_document()
    add_table(
        document,
        ["STT", "Đơn vị", "Số hồ sơ"],
        [(1, "Xã Đại An", "26.199"), (2, "Xã An Quảng Hữu", None)],
        widths_mm=[15, 100, 50],
    )
    table = _reopen(document).tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["STT", "Đơn vị", "Số hồ sơ"],
        ["1", "Xã Đại An", "26.199"],
        ["2", "Xã An Quảng Hữu", ""],
    ]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[0].cells[0].paragraphs[0].runs[0].bold
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders.find(qn("w:insideH")).get(qn("w:val")) == "single"
    assert _mm(table.rows[1].cells[1].width) == 100


def test_qr_code_is_a_png_of_the_payload_embedded_inline():
    """As a citizen I scan a QR code printed on the document."""
    png = qr_png("000.00.27.H56-260305-0007")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert png == qr_png("000.00.27.H56-260305-0007")
    assert png != qr_png("000.00.27.H56-260305-0008")
    expected = io.BytesIO()
    segno.make("000.00.27.H56-260305-0007", error="m", micro=False).save(
        expected, kind="png", scale=8, border=2
    )
    assert png == expected.getvalue()
    document = new_document()
    documents.add_image(document, png, width_mm=30)
    reopened = _reopen(document)
    assert len(reopened.inline_shapes) == 1
    assert _mm(reopened.inline_shapes[0].width) == 30


def test_official_workbook_writes_times_new_roman_a4_sheets():
    """As a reform officer I open an XLSX export that prints like the paper form."""
    book = OfficialWorkbook()
    sheet = book.add_sheet("Biểu", [6, 30, 12])
    row = book.write_letterhead(sheet, 0, LETTERHEAD, split=1, last_col=2)
    book.merge(sheet, row + 1, 0, 2, "BÁO CÁO", "title")
    end = book.write_table(
        sheet,
        row + 3,
        ["STT", "Đơn vị", "Ngày"],
        [(1, "Xã Đại An", date(2026, 3, 5)), (2, "Xã Ngãi Xuyên", None)],
        column_formats=["cell_center", "cell", "cell_date"],
    )
    assert end == row + 6
    loaded = load_workbook(io.BytesIO(book.to_bytes()))
    ws = loaded.active
    assert ws.title == "Biểu"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws["A1"].value == "UBND TỈNH TRÀ VINH"
    assert ws["B1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert ws["B3"].value == "Trà Cú, ngày 24 tháng 3 năm 2023"
    assert ws["A3"].value == "Số: 125/BC-UBND"
    header = row + 4
    assert [ws.cell(header, c).value for c in (1, 2, 3)] == ["STT", "Đơn vị", "Ngày"]
    assert ws.cell(header + 1, 3).value == datetime(2026, 3, 5)
    assert ws.cell(header + 1, 3).number_format == "dd/mm/yyyy"
    assert ws.cell(header, 1).font.name == "Times New Roman"
    assert ws.cell(header, 1).border.left.style == "thin"
