"""The dossier-results form (Biểu 06 of Thông tư 01/2020/TT-VPCP) as text, XLSX and DOCX.

Which form code:
* by sector (one row per lĩnh vực, the unit's own dossiers or its subtree's) prints
  **"Biểu số 06a/VPCP/KSTT"** — the form of a body that itself settles procedures;
* by unit (the roll-up: one row per receiving unit, grouped by level) prints
  **"Biểu số 06b/VPCP/KSTT"** — the form a district or province sends up for its units (the
  Trà Cú quarterly report attaches "phụ lục 06b").

Everything printed comes from one `DossierResults` (statistics.py): `form_lines` decides the
rows (level headings I, II, … for roll-ups; STT restarting in each group), `results_form`
formats them Vietnamese-style ("26.199") for reports that embed the form, and the two
renderers lay the same lines out on A4 landscape. The narrative sentences of the quarterly
report (seed `001_...` §I.6) are `results_paragraphs`, the one place they are worded.

XLSX cells hold real integers; their number format prints them with "." between thousands
whatever the reader's locale (`NUMBER_FORMAT`), so the sheet reads "26.199" as the DOCX does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from cchc.core import vnformat
from cchc.core.documents import (
    A4_MM,
    CENTER,
    JUSTIFY,
    LEFT,
    RIGHT,
    Letterhead,
    Margins,
    OfficialWorkbook,
    add_letterhead,
    add_paragraph,
    add_table,
    dateline,
    layout_table,
    new_document,
    style_run,
    text_width_mm,
    to_bytes,
)
from cchc.dossiers.printing import place_of

from .content import DossierResultsForm
from .figures import COLUMNS, Counts, share
from .statistics import UNIT_GROUPS, DossierResults, GroupBy

FORM_CODES = {GroupBy.SECTOR: "Biểu số 06a/VPCP/KSTT", GroupBy.UNIT: "Biểu số 06b/VPCP/KSTT"}
FORM_BASIS = "(Ban hành kèm theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020)"
FIRST_COLUMN = {GroupBy.SECTOR: "Lĩnh vực, công việc giải quyết", GroupBy.UNIT: "Đơn vị"}
TITLE = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI {unit}"
UNIT_OF_MEASURE = "Đơn vị tính: Số hồ sơ TTHC"
TOTAL_LABEL = "Tổng cộng"
PREPARER = "NGƯỜI LẬP BIỂU"
HEAD = "THỦ TRƯỞNG ĐƠN VỊ"
PREPARER_HINT = "(Ký, ghi rõ họ tên)"
HEAD_HINT = "(Ký, đóng dấu, ghi rõ họ tên)"

# The two-level header of reporting.md §2: (group, first column, last column), 0-based.
HEADER_GROUPS = (
    ("Số hồ sơ nhận giải quyết", 2, 5),
    ("Số hồ sơ đã giải quyết", 6, 9),
    ("Số hồ sơ đang giải quyết", 10, 12),
)
SUBHEADERS = (
    "Tổng số",
    "Số mới tiếp nhận trực tuyến",
    "Số mới tiếp nhận trực tiếp, dịch vụ bưu chính",
    "Từ kỳ trước chuyển qua",
    "Tổng số",
    "Trước hạn",
    "Đúng hạn",
    "Quá hạn",
    "Tổng số",
    "Trong hạn",
    "Quá hạn",
)
COLUMN_NUMBERS = tuple(f"({n})" for n in range(1, 14))
LAST_COL = 12
assert len(SUBHEADERS) == len(COLUMNS)

# Integers shown "26.199" / "1.234.567" in every locale (Excel's "#,##0" follows the reader's).
NUMBER_FORMAT = '[>=1000000]#"."###"."###;[>=1000]#"."###;0'
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


# ---------------------------------------------------------------------------- lines


@dataclass(frozen=True)
class Line:
    """One row of the form's body: a level heading ("I", "Cấp xã", no figures) or a row."""

    number: str
    label: str
    counts: Counts | None = None
    group_id: int | None = None  # the sector's or unit's id, for links to the records

    @property
    def heading(self) -> bool:
        return self.counts is None


def form_lines(results: DossierResults) -> list[Line]:
    """The body rows in print order. A roll-up of a unit with its subordinates is grouped by
    level (the reporting unit under its own level's heading); STT restarts in each group."""
    grouped = results.by is GroupBy.UNIT and results.include_children
    if not grouped:
        return [
            Line(str(index), row.label, row.counts, row.group_id)
            for index, row in enumerate(results.rows, start=1)
        ]
    own_heading = UNIT_GROUPS.get(results.unit.kind, (0, ""))[1]
    lines: list[Line] = []
    current, groups, index = None, 0, 0
    for row in results.rows:
        heading = row.group or own_heading
        if heading != current:
            current, index = heading, 0
            lines.append(Line(_ROMAN[groups] if groups < len(_ROMAN) else str(groups + 1), heading))
            groups += 1
        index += 1
        lines.append(Line(str(index), row.label, row.counts, row.group_id))
    return lines


def period_line(results: DossierResults) -> str:
    """ "(Kỳ báo cáo: quý I năm 2023; từ ngày 15/12/2022 đến ngày 14/03/2023)"."""
    win = results.window
    span = win.range_text[0].lower() + win.range_text[1:]
    if win.title == span:  # an explicit range: its title is already the span
        return f"(Kỳ báo cáo: {span})"
    return f"(Kỳ báo cáo: {win.title}; {span})"


def title(results: DossierResults) -> str:
    return TITLE.format(unit=results.unit.name.upper())


def _formatted(counts: Counts) -> tuple[str, ...]:
    return tuple(vnformat.number(getattr(counts, key)) for key in COLUMNS)


def results_form(results: DossierResults) -> DossierResultsForm:
    """The form with its figures formatted the Vietnamese way ("26.199"), for reports that
    print it as an appendix; heading rows have empty figure cells."""
    rows = tuple(
        (line.number, line.label, *(_formatted(line.counts) if line.counts else ("",) * 11))
        for line in form_lines(results)
    )
    recipient = results.recipient
    return DossierResultsForm(
        code=FORM_CODES[results.by],
        title=title(results),
        period_line=period_line(results),
        reporting_unit=results.unit.name,
        receiving_unit=recipient.name if recipient else "",
        first_column=FIRST_COLUMN[results.by],
        rows=rows,
        total=_formatted(results.total),
        footnote=results.footnote,
    )


def results_paragraphs(results_or_counts: DossierResults | Counts) -> list[str]:
    """The three sentences of the quarterly report's §I.6, in the wording of seed `001_...`:
    new (online / in person with their shares of the new), carried over; resolved (early, on
    time with their shares of the resolved, late); pending (in time, overdue)."""
    c = getattr(results_or_counts, "total", results_or_counts)
    n = vnformat.number
    new = c.received_new
    resolved = c.resolved_total
    late = f"quá hạn: {n(c.resolved_late)}"
    if c.resolved_late:
        late += f", chiếm {share(c.resolved_late, resolved)}"
    return [
        "Tổng số hồ sơ TTHC đã tiếp nhận trong kỳ báo cáo, trong đó: "
        f"Số mới tiếp nhận trong kỳ: {n(new)} (trực tuyến: {n(c.received_online)}, "
        f"đạt {share(c.received_online, new)} so với tổng số hồ sơ đã tiếp nhận; "
        f"trực tiếp {n(c.received_offline)}, đạt {share(c.received_offline, new)} so với "
        f"tổng số hồ sơ đã tiếp nhận); số từ kỳ trước chuyển qua: {n(c.carried_over)}.",
        f"Số lượng hồ sơ đã giải quyết: {n(resolved)}; trong đó, giải quyết trước hạn: "
        f"{n(c.resolved_early)}, đạt {share(c.resolved_early, resolved)}, đúng hạn: "
        f"{n(c.resolved_on_time)}, đạt {share(c.resolved_on_time, resolved)}, {late}.",
        f"Số lượng hồ sơ đang giải quyết: {n(c.pending_total)}; trong đó, trong hạn: "
        f"{n(c.pending_in_time)}, quá hạn: {n(c.pending_overdue)}.",
    ]


def letterhead(results: DossierResults) -> Letterhead:
    """The reporting unit under its parent body; no number (the form is an appendix)."""
    unit = results.unit
    return Letterhead(issuer=unit.name, parent_body=unit.parent.name if unit.parent_id else None)


def filename(results: DossierResults, extension: str) -> str:
    """ "bieu-06a-TRACU-2023-Q1.xlsx" (a range keeps its dates: "…-2023-01-01_2023-03-31")."""
    code = "06a" if results.by is GroupBy.SECTOR else "06b"
    period = results.window.label.replace("..", "_")
    return f"bieu-{code}-{results.unit.code}-{period}.{extension}"


# ---------------------------------------------------------------------------- XLSX

XLSX_WIDTHS = (6, 36) + (11,) * 11


def _xlsx_formats(book: OfficialWorkbook) -> dict:
    base = {"font_name": "Times New Roman", "font_size": 12, "valign": "vcenter"}
    boxed = {**base, "border": 1, "text_wrap": True}
    specs = {
        "code": {**base, "bold": True, "align": "right"},
        "basis": {**base, "italic": True, "align": "right", "font_size": 11},
        "title_wrap": {**base, "bold": True, "font_size": 14, "align": "center", "text_wrap": True},
        "left": {**base, "align": "left"},
        "unit_of_measure": {**base, "italic": True, "align": "right"},
        "header_wrap": {**boxed, "bold": True, "align": "center"},
        "number_row": {**boxed, "italic": True, "align": "center", "font_size": 11},
        "heading": {**boxed, "bold": True, "align": "left"},
        "heading_center": {**boxed, "bold": True, "align": "center"},
        "count": {**boxed, "align": "center", "num_format": NUMBER_FORMAT},
        "count_bold": {**boxed, "bold": True, "align": "center", "num_format": NUMBER_FORMAT},
        "footnote": {**base, "italic": True, "align": "left", "valign": "top", "text_wrap": True},
    }
    for name, spec in specs.items():
        book.formats[name] = book.workbook.add_format(spec)
    return book.formats


def render_results_xlsx(results: DossierResults, *, day: date | None = None) -> bytes:
    """Biểu 06a/06b on one A4 landscape sheet; `day` fills the dateline above the head's
    signature (None: left blank to fill by hand)."""
    form = results_form(results)
    book = OfficialWorkbook()
    formats = _xlsx_formats(book)
    sheet = book.add_sheet("Bieu 06", XLSX_WIDTHS)
    book.merge(sheet, 0, 0, LAST_COL, form.code, "code")
    book.merge(sheet, 1, 0, LAST_COL, FORM_BASIS, "basis")
    row = book.write_letterhead(sheet, 2, letterhead(results), split=4, last_col=LAST_COL) + 1
    book.merge(sheet, row, 0, LAST_COL, form.title, "title_wrap")
    sheet.set_row(row, 36)
    book.merge(sheet, row + 1, 0, LAST_COL, form.period_line, "italic_center")
    row += 3
    book.merge(sheet, row, 5, LAST_COL, f"Đơn vị báo cáo: {form.reporting_unit}", "left")
    book.merge(sheet, row + 1, 5, LAST_COL, f"Đơn vị nhận báo cáo: {form.receiving_unit}", "left")
    book.merge(sheet, row + 2, 0, LAST_COL, UNIT_OF_MEASURE, "unit_of_measure")
    row += 3
    header = row
    for column, text in ((0, "STT"), (1, form.first_column)):
        sheet.merge_range(header, column, header + 1, column, text, formats["header_wrap"])
    for text, first, last in HEADER_GROUPS:
        sheet.merge_range(header, first, header, last, text, formats["header_wrap"])
    for offset, text in enumerate(SUBHEADERS):
        sheet.write_string(header + 1, 2 + offset, text, formats["header_wrap"])
    for column, text in enumerate(COLUMN_NUMBERS):
        sheet.write_string(header + 2, column, text, formats["number_row"])
    sheet.set_row(header, 30)
    sheet.set_row(header + 1, 64)
    sheet.repeat_rows(header, header + 2)
    row = header + 3
    for line in form_lines(results):
        if line.heading:
            sheet.write_string(row, 0, line.number, formats["heading_center"])
            sheet.write_string(row, 1, line.label, formats["heading"])
            for column in range(2, LAST_COL + 1):
                sheet.write_blank(row, column, None, formats["heading"])
        else:
            sheet.write_string(row, 0, line.number, formats["cell_center"])
            sheet.write_string(row, 1, line.label, formats["cell"])
            _write_counts(sheet, row, line.counts, formats["count"])
        row += 1
    sheet.write_blank(row, 0, None, formats["heading"])
    sheet.write_string(row, 1, TOTAL_LABEL, formats["heading_center"])
    _write_counts(sheet, row, results.total, formats["count_bold"])
    row += 2
    if form.footnote:
        book.merge(sheet, row, 0, LAST_COL, f"Ghi chú: {form.footnote}", "footnote")
        sheet.set_row(row, 16 * (len(form.footnote) // 150 + 2))
        row += 2
    left, right = (0, 4), (7, LAST_COL)
    book.merge(sheet, row, *right, dateline(place_of(results.unit), day), "italic_center")
    book.merge(sheet, row + 1, *left, PREPARER, "bold_center")
    book.merge(sheet, row + 1, *right, HEAD, "bold_center")
    book.merge(sheet, row + 2, *left, PREPARER_HINT, "italic_center")
    book.merge(sheet, row + 2, *right, HEAD_HINT, "italic_center")
    sheet.set_footer('&C&"Times New Roman"&11Trang &P/&N')
    return book.to_bytes()


def _write_counts(sheet, row: int, counts: Counts, fmt) -> None:
    for offset, key in enumerate(COLUMNS):
        sheet.write_number(row, 2 + offset, getattr(counts, key), fmt)


# ---------------------------------------------------------------------------- DOCX

DOCX_MARGINS = Margins(top=20, bottom=15, left=20, right=15)
TABLE_FONT = 11


def landscape_section(document, margins: Margins = DOCX_MARGINS):
    """Start a new A4 landscape page section (for an appendix inside a portrait report)."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(A4_MM[1]), Mm(A4_MM[0])
    section.top_margin, section.bottom_margin = Mm(margins.top), Mm(margins.bottom)
    section.left_margin, section.right_margin = Mm(margins.left), Mm(margins.right)
    return section


def add_results_form(document, form: DossierResultsForm, *, paragraphs=(), with_code=True):
    """The form into `document` (whose last section should be landscape): code, title,
    period, reporting and receiving units, `paragraphs` (the narrative), unit of measure, the
    13-column table and the footnote."""
    if with_code:
        add_paragraph(document, form.code, align=RIGHT, bold=True, size=12)
    add_paragraph(document, form.title, align=CENTER, bold=True, size=14, space_before=12)
    add_paragraph(document, form.period_line, align=CENTER, italic=True)
    reporting = add_paragraph(document, space_before=6)
    style_run(reporting.add_run(f"Đơn vị báo cáo: {form.reporting_unit}"))
    receiving = add_paragraph(document)
    style_run(receiving.add_run(f"Đơn vị nhận báo cáo: {form.receiving_unit}"))
    for text in paragraphs:
        add_paragraph(document, f"- {text}", align=JUSTIFY, first_line_indent_mm=10, space_before=3)
    add_paragraph(document, UNIT_OF_MEASURE, align=RIGHT, italic=True, space_before=6)
    table = add_results_table(document, form)
    if form.footnote:
        add_paragraph(
            document,
            f"Ghi chú: {form.footnote}",
            align=JUSTIFY,
            italic=True,
            size=11,
            space_before=6,
        )
    return table


def add_results_table(document, form: DossierResultsForm):
    """The 13 columns with the two-level merged header and the (1)…(13) row."""
    width = text_width_mm(document)
    label_width = 52
    count_width = (width - 10 - label_width) / 11
    level1 = ["STT", form.first_column] + [""] * 11
    for text, first, _last in HEADER_GROUPS:
        level1[first] = text
    body = [["", "", *SUBHEADERS], list(COLUMN_NUMBERS)]
    body += [list(row) for row in form.rows]
    body.append(["", TOTAL_LABEL, *form.total])
    table = add_table(
        document,
        level1,
        body,
        widths_mm=[10, label_width] + [count_width] * 11,
        font_size=TABLE_FONT,
        align=[CENTER, LEFT] + [CENTER] * 11,
    )
    rows = table.rows
    for index in (1, 2):  # the sub-header and the column numbers repeat with the header
        rows[index]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for cell in rows[index].cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            for paragraph in cell.paragraphs:
                paragraph.alignment = CENTER
                for run in paragraph.runs:
                    run.bold, run.italic = index == 1, index == 2
    headings = {3 + i for i, row in enumerate(form.rows) if not any(row[2:])}
    for index in (*headings, len(rows) - 1):
        for run in (r for cell in rows[index].cells for p in cell.paragraphs for r in p.runs):
            run.bold = True
    for paragraph in rows[-1].cells[1].paragraphs:
        paragraph.alignment = CENTER
    table.cell(0, 0).merge(table.cell(1, 0))
    table.cell(0, 1).merge(table.cell(1, 1))
    for _text, first, last in HEADER_GROUPS:
        table.cell(0, first).merge(table.cell(0, last))
    for cell in rows[0].cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _no_row_split(table)
    return table


def _no_row_split(table) -> None:
    for row in table.rows:
        trpr = row._tr.get_or_add_trPr()
        if trpr.find(qn("w:cantSplit")) is None:
            trpr.insert(0, OxmlElement("w:cantSplit"))


def _add_signature_lines(document, results: DossierResults, day: date | None) -> None:
    width = text_width_mm(document)
    table = layout_table(document, [width / 2, width / 2])
    left, right = table.rows[0].cells
    add_paragraph(left, "", space_before=12)
    add_paragraph(left, PREPARER, align=CENTER, bold=True)
    add_paragraph(left, PREPARER_HINT, align=CENTER, italic=True)
    line = dateline(place_of(results.unit), day)
    add_paragraph(right, line, align=CENTER, italic=True, space_before=12)
    add_paragraph(right, HEAD, align=CENTER, bold=True)
    add_paragraph(right, HEAD_HINT, align=CENTER, italic=True)


def render_results_docx(results: DossierResults, *, day: date | None = None) -> bytes:
    """Biểu 06a/06b in an A4 landscape DOCX, with the narrative sentences above the table."""
    form = results_form(results)
    document = new_document(landscape=True, margins=DOCX_MARGINS, title=form.title)
    add_paragraph(document, form.code, align=RIGHT, bold=True, size=12)
    add_paragraph(document, FORM_BASIS, align=RIGHT, italic=True, size=11, space_after=6)
    add_letterhead(document, letterhead(results), widths_mm=(100, text_width_mm(document) - 100))
    add_results_form(document, form, paragraphs=results_paragraphs(results), with_code=False)
    _add_signature_lines(document, results, day)
    return to_bytes(document)
