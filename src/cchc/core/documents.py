"""Building blocks for official documents (DOCX via python-docx, XLSX via XlsxWriter).

Every printed form and report follows Nghị định 30/2020/NĐ-CP: A4, Times New Roman 13–14 pt,
the letterhead (issuing body top-left, Quốc hiệu and Tiêu ngữ top-right, number, place and
date in words), the title, the body, "Nơi nhận:" bottom-left and the signature block
bottom-right. The functions here draw those parts; the documents themselves (dossier forms,
reports) live in their apps and call them.

No Django imports: callers pass plain values (local, naive or aware datetimes; aware ones are
shown in Vietnam time).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import segno
import xlsxwriter
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from cchc.core.vnformat import date_in_words

FONT_NAME = "Times New Roman"
BODY_SIZE = 13
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
A4_MM = (210, 297)

CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


@dataclass(frozen=True)
class Margins:
    """Page margins in millimetres; the defaults sit inside the ND 30/2020 ranges
    (top and bottom 20–25, left 30–35, right 15–20)."""

    top: float = 20
    bottom: float = 20
    left: float = 30
    right: float = 15


@dataclass(frozen=True)
class Letterhead:
    """The head of an official document.

    ``number`` is what follows "Số: " (e.g. "125/GTN-BPMC"); None leaves the line out.
    ``day`` None with a ``place`` prints a blank dateline to fill by hand.
    """

    issuer: str
    parent_body: str | None = None
    number: str | None = None
    place: str | None = None
    day: date | None = None


@dataclass(frozen=True)
class Signature:
    """One signature block: "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" (authority), the position,
    the hint in brackets, room to sign, the signer's name."""

    position: str
    name: str = ""
    authority: str | None = None
    hint: str | None = None


# ---------------------------------------------------------------------------- formatting


def local_time(moment: datetime) -> datetime:
    """An aware datetime in Vietnam time; a naive one is taken as already local."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(LOCAL_TZ)


def clock_and_date(moment: datetime) -> str:
    """ "10 giờ 30 phút, ngày 05/03/2026" — how forms write a time of receipt or return."""
    moment = local_time(moment)
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút, ngày {moment:%d/%m/%Y}"


def dateline(place: str | None, day: date | None) -> str | None:
    """ "Trà Cú, ngày 24 tháng 3 năm 2023"; a blank one when the day is unknown."""
    if place is None and day is None:
        return None
    words = date_in_words(day) if day else "ngày      tháng      năm 20     "
    return f"{place}, {words}" if place else words[0].upper() + words[1:]


# ---------------------------------------------------------------------------- fonts


def _set_rfonts(rpr, name: str = FONT_NAME) -> None:
    """Name the font for every script so Word and LibreOffice use it for Vietnamese too."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attribute), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme), None)


def style_run(run, *, size=None, bold=None, italic=None, underline=None):
    """Times New Roman on a run, with optional size (pt) and emphasis."""
    _set_rfonts(run._r.get_or_add_rPr())
    run.font.name = FONT_NAME
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    if underline is not None:
        run.underline = underline
    return run


def _style_defaults(document, size: float) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            _set_rfonts(rpr)
    normal = styles["Normal"]
    normal.font.name = FONT_NAME
    normal.font.size = Pt(size)
    rpr = normal.element.get_or_add_rPr()
    _set_rfonts(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    paragraph = normal.paragraph_format
    paragraph.space_before = Pt(0)
    paragraph.space_after = Pt(0)
    paragraph.line_spacing_rule = WD_LINE_SPACING.SINGLE


# ---------------------------------------------------------------------------- document


def new_document(
    *,
    font_size: float = BODY_SIZE,
    margins: Margins = Margins(),  # noqa: B008 - frozen, shared safely
    landscape: bool = False,
    title: str | None = None,
):
    """An empty A4 document with ND 30/2020 margins and Times New Roman as the default font."""
    document = Document()
    section = document.sections[0]
    width, height = (Mm(A4_MM[1]), Mm(A4_MM[0])) if landscape else (Mm(A4_MM[0]), Mm(A4_MM[1]))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = width, height
    section.top_margin = Mm(margins.top)
    section.bottom_margin = Mm(margins.bottom)
    section.left_margin = Mm(margins.left)
    section.right_margin = Mm(margins.right)
    _style_defaults(document, font_size)
    if title:
        document.core_properties.title = title
    document.core_properties.language = "vi-VN"
    return document


def text_width_mm(document) -> float:
    """Usable width between the margins, in millimetres."""
    section = document.sections[-1]
    return (section.page_width - section.left_margin - section.right_margin) / Mm(1)


def add_paragraph(
    container,
    text: str = "",
    *,
    align=None,
    size=None,
    bold=None,
    italic=None,
    underline=None,
    space_before: float | None = None,
    space_after: float | None = None,
    first_line_indent_mm: float | None = None,
    keep_with_next: bool | None = None,
):
    """A paragraph in a document or a table cell (reusing a cell's first empty paragraph)."""
    paragraph = _fresh_paragraph(container)
    if text:
        style_run(paragraph.add_run(text), size=size, bold=bold, italic=italic, underline=underline)
    fmt = paragraph.paragraph_format
    if align is not None:
        paragraph.alignment = align
    if space_before is not None:
        fmt.space_before = Pt(space_before)
    if space_after is not None:
        fmt.space_after = Pt(space_after)
    if first_line_indent_mm is not None:
        fmt.first_line_indent = Mm(first_line_indent_mm)
    if keep_with_next is not None:
        fmt.keep_with_next = keep_with_next
    return paragraph


def add_labelled(container, label: str, value: str, *, size=None, space_after: float = 3):
    """ "Địa chỉ: 12 Lê Lợi" — a label followed by its value, on one paragraph."""
    paragraph = add_paragraph(container, space_after=space_after)
    style_run(paragraph.add_run(f"{label}: "), size=size)
    style_run(paragraph.add_run(value or ""), size=size, bold=bool(value))
    return paragraph


def _fresh_paragraph(container):
    """A new paragraph; a table cell's untouched first paragraph is reused instead."""
    if hasattr(container, "merge"):  # a table cell, born with one empty paragraph
        paragraphs = container.paragraphs
        if len(paragraphs) == 1 and len(paragraphs[0]._p) == 0:
            return paragraphs[0]
    return container.add_paragraph()


def add_rule(container, length_mm: float, column_mm: float, *, space_after: float = 0):
    """A short centred horizontal rule (the line under the issuer's name), drawn as the bottom
    border of an empty paragraph indented to the wanted length."""
    paragraph = _fresh_paragraph(container)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.insert_element_before(
        borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc"
    )
    indent = Mm(max(column_mm - length_mm, 0) / 2)
    fmt = paragraph.paragraph_format
    fmt.left_indent = indent
    fmt.right_indent = indent
    fmt.line_spacing = Pt(2)
    fmt.space_after = Pt(space_after)
    return paragraph


# ---------------------------------------------------------------------------- tables


def _set_borders(table, value: str) -> None:
    tblpr = table._tbl.tblPr
    existing = tblpr.find(qn("w:tblBorders"))
    if existing is not None:
        tblpr.remove(existing)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), value)
        if value != "nil":
            element.set(qn("w:sz"), "4")
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    tblpr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"
    )


def set_column_widths(table, widths_mm: Sequence[float]) -> None:
    """Fixed column widths (Word and LibreOffice honour per-cell widths, not the grid)."""
    table.autofit = False
    for index, width in enumerate(widths_mm):
        table.columns[index].width = Mm(width)
        for cell in table.columns[index].cells:
            cell.width = Mm(width)


def layout_table(document, widths_mm: Sequence[float], *, rows: int = 1):
    """A borderless table used for layout (letterhead, signatures, side-by-side blocks)."""
    table = document.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_borders(table, "nil")
    set_column_widths(table, widths_mm)
    return table


def add_table(
    document,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    widths_mm: Sequence[float] | None = None,
    font_size: float | None = None,
    align: Sequence[object] | None = None,
):
    """A bordered table: a bold centred header row repeated on every page, then the rows.

    ``align`` gives each column's paragraph alignment (default left; STT-like columns
    usually centred). Cell values are converted with ``str``; None prints empty;
    a value containing newlines becomes several paragraphs.
    """
    table = document.add_table(rows=1, cols=len(headers))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_borders(table, "single")
    header_row = table.rows[0]
    trpr = header_row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))
    for cell, text in zip(header_row.cells, headers, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        for index, line in enumerate(str(text).split("\n")):
            add_paragraph(
                cell, line, align=CENTER, bold=index == 0, italic=index > 0, size=font_size
            )
    for values in rows:
        cells = table.add_row().cells
        for column, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            alignment = align[column] if align else None
            for line in ("" if value is None else str(value)).split("\n"):
                add_paragraph(cell, line, align=alignment, size=font_size)
    if widths_mm:
        set_column_widths(table, widths_mm)
    return table


# ---------------------------------------------------------------------------- blocks


def add_letterhead(document, letterhead: Letterhead, *, widths_mm=(65, 100)):
    """Issuing body, number, Quốc hiệu, Tiêu ngữ, place and date — ND 30/2020 layout."""
    left_mm, right_mm = widths_mm
    table = layout_table(document, widths_mm)
    left, right = table.rows[0].cells
    if letterhead.parent_body:
        add_paragraph(left, letterhead.parent_body.upper(), align=CENTER, size=12)
    add_paragraph(left, letterhead.issuer.upper(), align=CENTER, size=12, bold=True)
    add_rule(left, min(left_mm / 3, 25), left_mm)
    if letterhead.number is not None:
        add_paragraph(left, f"Số: {letterhead.number}", align=CENTER, size=13, space_before=6)
    add_paragraph(right, NATIONAL_TITLE, align=CENTER, size=12, bold=True)
    add_paragraph(right, MOTTO, align=CENTER, size=13, bold=True, underline=True)
    line = dateline(letterhead.place, letterhead.day)
    if line:
        add_paragraph(right, line, align=CENTER, size=13, italic=True, space_before=6)
    return table


def add_title(document, title: str, subtitle: str | None = None, *, size: float = 14):
    """The document's name in bold capitals, centred, with an optional bold summary line."""
    paragraph = add_paragraph(
        document, title.upper(), align=CENTER, size=size, bold=True, space_before=18
    )
    if subtitle:
        add_paragraph(document, subtitle, align=CENTER, size=size, bold=True)
    return paragraph


def _signature_into(cell, signature: Signature, *, room_pt: float = 60) -> None:
    if signature.authority:
        add_paragraph(cell, signature.authority.upper(), align=CENTER, bold=True)
    add_paragraph(cell, signature.position.upper(), align=CENTER, bold=True)
    if signature.hint:
        add_paragraph(cell, signature.hint, align=CENTER, italic=True)
    add_paragraph(cell, signature.name, align=CENTER, bold=True, space_before=room_pt)


def add_signatures(document, signatures: Sequence[Signature], *, space_before: float = 12):
    """Signature blocks side by side (e.g. applicant left, receiving officer right)."""
    total = text_width_mm(document)
    table = layout_table(document, [total / len(signatures)] * len(signatures))
    for cell, signature in zip(table.rows[0].cells, signatures, strict=True):
        _signature_into(cell, signature)
        cell.paragraphs[0].paragraph_format.space_before = Pt(space_before)
    return table


def recipient_lines(recipients: Sequence[str]) -> list[str]:
    """The "Nơi nhận:" items as printed: "- Như trên;" … "- Lưu: VT." (the last ends in ".")."""
    last = len(recipients) - 1
    return [
        f"- {item.rstrip('.;')}{'.' if index == last else ';'}"
        for index, item in enumerate(recipients)
    ]


def add_recipients_and_signature(
    document, recipients: Sequence[str], signature: Signature, *, widths_mm=(70, 95)
):
    """ "Nơi nhận:" list bottom-left (bold italic 12 pt, items 11 pt) and the signature right."""
    table = layout_table(document, widths_mm)
    left, right = table.rows[0].cells
    if recipients:
        add_paragraph(left, "Nơi nhận:", size=12, bold=True, italic=True, space_before=12)
        for line in recipient_lines(recipients):
            add_paragraph(left, line, size=11)
    _signature_into(right, signature)
    right.paragraphs[0].paragraph_format.space_before = Pt(12)
    return table


# ---------------------------------------------------------------------------- images


def qr_code(payload: str):
    """The QR code every document prints (error correction M, never a micro code)."""
    return segno.make(payload, error="m", micro=False)


def qr_png(payload: str, *, scale: int = 8, border: int = 2) -> bytes:
    """A QR code (error correction M) as PNG bytes."""
    buffer = io.BytesIO()
    qr_code(payload).save(buffer, kind="png", scale=scale, border=border)
    return buffer.getvalue()


def add_image(container, png: bytes, *, width_mm: float, align=CENTER):
    """An inline picture in its own paragraph."""
    paragraph = add_paragraph(container, align=align)
    paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))
    return paragraph


def to_bytes(document) -> bytes:
    """The .docx file as bytes (for an HTTP response, a file field or a test)."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------- XLSX


class OfficialWorkbook:
    """An XLSX workbook written in memory with Times New Roman and official formats.

    ``formats`` holds: title, subtitle, bold_center, italic_center, center, header, cell,
    cell_center, cell_datetime, cell_date. Call ``to_bytes()`` once at the end.
    """

    def __init__(self, *, font_size: float = 12):
        self._buffer = io.BytesIO()
        self.workbook = xlsxwriter.Workbook(
            self._buffer,
            {
                "in_memory": True,
                "remove_timezone": True,
                "default_format_properties": {"font_name": FONT_NAME, "font_size": font_size},
            },
        )
        base = {"font_name": FONT_NAME, "font_size": font_size, "valign": "vcenter"}
        boxed = {**base, "border": 1, "text_wrap": True}
        specs = {
            "title": {**base, "bold": True, "font_size": font_size + 2, "align": "center"},
            "subtitle": {**base, "bold": True, "align": "center"},
            "bold_center": {**base, "bold": True, "align": "center"},
            "underline_center": {**base, "bold": True, "underline": 1, "align": "center"},
            "italic_center": {**base, "italic": True, "align": "center"},
            "center": {**base, "align": "center"},
            "header": {**boxed, "bold": True, "align": "center"},
            "cell": {**boxed, "align": "left"},
            "cell_center": {**boxed, "align": "center"},
            "cell_datetime": {**boxed, "align": "center", "num_format": "hh:mm dd/mm/yyyy"},
            "cell_date": {**boxed, "align": "center", "num_format": "dd/mm/yyyy"},
        }
        self.formats = {name: self.workbook.add_format(spec) for name, spec in specs.items()}

    def add_sheet(
        self,
        name: str,
        column_widths: Sequence[float],
        *,
        landscape: bool = True,
        margins: Margins = Margins(left=20, right=15),  # noqa: B008 - frozen
    ):
        """A worksheet on A4 (landscape by default), fitted to the page width."""
        sheet = self.workbook.add_worksheet(name[:31])
        sheet.set_paper(9)
        if landscape:
            sheet.set_landscape()
        else:
            sheet.set_portrait()
        inch = 25.4
        sheet.set_margins(
            left=margins.left / inch,
            right=margins.right / inch,
            top=margins.top / inch,
            bottom=margins.bottom / inch,
        )
        sheet.fit_to_pages(1, 0)
        sheet.center_horizontally()
        for column, width in enumerate(column_widths):
            sheet.set_column(column, column, width)
        return sheet

    def merge(self, sheet, row: int, first_col: int, last_col: int, text: str, fmt: str):
        if first_col == last_col:
            sheet.write_string(row, first_col, text, self.formats[fmt])
        else:
            sheet.merge_range(row, first_col, row, last_col, text, self.formats[fmt])

    def write_letterhead(
        self, sheet, row: int, letterhead: Letterhead, *, split: int, last_col: int
    ):
        """Issuer on columns [0, split), Quốc hiệu and Tiêu ngữ on [split, last_col]; returns
        the next free row."""
        left, left_formats = [letterhead.issuer.upper()], ["bold_center"]
        if letterhead.parent_body:
            left.insert(0, letterhead.parent_body.upper())
            left_formats.insert(0, "center")
        if letterhead.number is not None:
            left.append(f"Số: {letterhead.number}")
            left_formats.append("center")
        right = [NATIONAL_TITLE, MOTTO]
        right_formats = ["bold_center", "underline_center"]
        line = dateline(letterhead.place, letterhead.day)
        if line:
            right.append(line)
            right_formats.append("italic_center")
        for offset in range(max(len(left), len(right))):
            if offset < len(left):
                self.merge(sheet, row + offset, 0, split - 1, left[offset], left_formats[offset])
            if offset < len(right):
                self.merge(
                    sheet, row + offset, split, last_col, right[offset], right_formats[offset]
                )
        return row + max(len(left), len(right))

    def write_table(
        self,
        sheet,
        row: int,
        headers: Sequence[str],
        rows: Iterable[Sequence[object]],
        *,
        column_formats: Sequence[str] | None = None,
    ) -> int:
        """Header row (repeated when printed), then the rows; datetimes and dates become real
        Excel values. Returns the next free row."""
        header_row = row
        for column, text in enumerate(headers):
            sheet.write_string(row, column, text, self.formats["header"])
        sheet.set_row(row, 48)
        sheet.repeat_rows(header_row)
        for values in rows:
            row += 1
            for column, value in enumerate(values):
                name = column_formats[column] if column_formats else "cell"
                if isinstance(value, datetime):
                    sheet.write_datetime(
                        row, column, local_time(value), self.formats["cell_datetime"]
                    )
                elif isinstance(value, date):
                    sheet.write_datetime(
                        row,
                        column,
                        datetime(value.year, value.month, value.day),
                        self.formats["cell_date"],
                    )
                elif value is None or value == "":
                    sheet.write_blank(row, column, None, self.formats[name])
                elif isinstance(value, int | float):
                    sheet.write_number(row, column, value, self.formats[name])
                else:
                    sheet.write_string(row, column, str(value), self.formats[name])
        return row + 1

    def to_bytes(self) -> bytes:
        self.workbook.close()
        return self._buffer.getvalue()
