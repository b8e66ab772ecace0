"""A report document — one `ReportContent` — as DOCX, as HTML (web preview or PDF) and as PDF.

The layout follows Nghị định 30/2020/NĐ-CP (reporting.md §6) and the seeds: letterhead, "BÁO
CÁO" and its summary line, "Kính gửi: …", the intro, the numbered blocks ("I. TÌNH HÌNH …"
bold capitals, "1. Đánh giá …" bold) with their paragraphs, tables and charts, the closing,
"Nơi nhận:" and the signature, then each appendix on a page of its own: the statistics table
of Phụ lục 2 – Bảng 2 (seed 003), the 13-column dossier-results form (reporting.md §2) on a
landscape page, or a plain table.

Both outputs are drawn from the same intermediate description (`Section`, `Item`, `Grid`),
built once from the content, so the DOCX and the HTML print the same texts in the same order
and the same tables with the same two-level headers. The preview alone adds, under the blocks
whose figures are computed, a "Số liệu tự động" badge, the provenance and the numbers behind
each chart; none of that reaches the DOCX or the PDF.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.shared import Mm

from cchc.core import documents as layout
from cchc.core.documents import A4_MM, CENTER, JUSTIFY, LEFT, RIGHT, add_paragraph
from cchc.core.pdf import html_to_pdf

from .content import Appendix, Block, DossierResultsForm, IndicatorLine, ReportContent, Table

TEMPLATE = "reporting/document/report.html"
BODY_SIZE = 13
TABLE_SIZE = 12
FORM_SIZE = 11
INDENT_MM = 10
CHART_WIDTH_MM = 160
AUTO_BADGE = "Số liệu tự động"
FORM_UNIT_LINE = "Đơn vị tính: Số hồ sơ TTHC."
TOTAL_LABEL = "Tổng cộng"

# Applied after core.pdf.OFFICIAL_PAGE_CSS: appendices on a page of their own, the wide ones on
# the named landscape page (same margins, page number on top as on the portrait pages).
REPORT_PAGE_CSS = """
@page landscape { size: A4 landscape; }
.report-document .appendix { break-before: page; }
.report-document .appendix.landscape { page: landscape; }
"""

_NUMERIC = re.compile(r"^[\d.,%\s()+\-–/]*\d[\d.,%\s()+\-–/]*$")
_ALIGNMENTS = {"left": LEFT, "center": CENTER, "right": RIGHT}


# ---------------------------------------------------------------------------- layout model


@dataclass(frozen=True)
class Cell:
    """One cell of a grid; `align` is "left", "center" or "right"."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    bold: bool = False
    italic: bool = False
    align: str = "left"


@dataclass(frozen=True)
class Grid:
    """A bordered table: header rows (possibly spanning), body rows, relative column widths."""

    head: tuple[tuple[Cell, ...], ...]
    body: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]
    title: str = ""
    font_size: float = TABLE_SIZE
    css: str = ""

    @property
    def percents(self) -> list[str]:
        """Column widths as CSS percentages, pre-formatted (templates would localise floats)."""
        total = sum(self.widths)
        return [f"{100 * width / total:.2f}" for width in self.widths]

    def widths_mm(self, available: float) -> list[float]:
        total = sum(self.widths)
        return [available * width / total for width in self.widths]


@dataclass(frozen=True)
class FormHeader:
    """The head of the 13-column form: code left, title and period centre, units right."""

    code: str
    title: str
    period_line: str
    unit_lines: tuple[str, ...]


@dataclass(frozen=True)
class Item:
    """One thing printed in order. kind: heading, paragraph, table, chart, appendix_heading,
    form_header, footnote, provenance."""

    kind: str
    text: str = ""
    level: int = 0
    computed: bool = False
    grid: Grid | None = None
    image: str = ""  # data: URI of a chart (HTML)
    png: bytes = b""  # the chart for the DOCX
    form: FormHeader | None = None


@dataclass
class Section:
    """The report itself (main) or one appendix, each starting on a new page."""

    main: bool
    landscape: bool = False
    items: list[Item] = field(default_factory=list)


def _column_alignments(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """STT-like columns and columns of figures centred, text left."""
    alignments = []
    for index, header in enumerate(headers):
        values = [row[index] for row in rows if index < len(row) and row[index].strip()]
        stt = header.strip().upper() in {"STT", "TT", "SỐ TT"}
        figures = bool(values) and all(_NUMERIC.match(value) for value in values)
        alignments.append("center" if stt or figures else "left")
    return alignments


def table_grid(table: Table, *, css: str = "") -> Grid:
    """A content `Table`: one bold header row, then the rows."""
    columns = len(table.headers)
    for row in table.rows:
        if len(row) != columns:
            raise ValueError(
                f"table {table.title or table.headers!r}: a row has {len(row)} cells, "
                f"the header {columns}"
            )
    if table.widths and len(table.widths) != columns:
        raise ValueError(f"table {table.title or table.headers!r}: widths do not match")
    alignments = _column_alignments(table.headers, table.rows)
    head = (tuple(Cell(text, bold=True, align="center") for text in table.headers),)
    body = tuple(
        tuple(Cell(value, align=alignments[index]) for index, value in enumerate(row))
        for row in table.rows
    )
    widths = table.widths or (1.0,) * columns
    return Grid(head=head, body=body, widths=tuple(widths), title=table.title, css=css)


INDICATOR_WIDTHS = (10, 62, 18, 14, 30)


def indicator_grid(lines: Sequence[IndicatorLine]) -> Grid:
    """Phụ lục 2 – Bảng 2 (seed 003): STT | Chỉ tiêu thống kê | Kết quả thống kê (Đơn vị tính,
    Số liệu) | Ghi chú; heading lines bold."""
    head = (
        (
            Cell("STT", rowspan=2, bold=True, align="center"),
            Cell("Chỉ tiêu thống kê", rowspan=2, bold=True, align="center"),
            Cell("Kết quả thống kê", colspan=2, bold=True, align="center"),
            Cell("Ghi chú", rowspan=2, bold=True, align="center"),
        ),
        (
            Cell("Đơn vị tính", bold=True, align="center"),
            Cell("Số liệu", bold=True, align="center"),
        ),
    )
    body = tuple(
        (
            Cell(line.number, bold=line.heading, align="center"),
            Cell(line.label, bold=line.heading),
            Cell(line.unit, bold=line.heading, align="center"),
            Cell(line.value, bold=line.heading, align="center"),
            Cell(line.note, bold=line.heading),
        )
        for line in lines
    )
    return Grid(head=head, body=body, widths=INDICATOR_WIDTHS, css="indicators")


FORM_GROUPS = (
    ("Số hồ sơ nhận giải quyết", ("Tổng số", "Trực tuyến", "Trực tiếp, dịch vụ bưu chính",
                                  "Từ kỳ trước chuyển qua")),
    ("Số hồ sơ đã giải quyết", ("Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn")),
    ("Số hồ sơ đang giải quyết", ("Tổng số", "Trong hạn", "Quá hạn")),
)  # fmt: skip
FORM_WIDTHS = (8, 50) + (16,) * 11


def form_grid(form: DossierResultsForm) -> Grid:
    """The 13-column form (reporting.md §2): two header rows, the column numbers (1)…(13),
    the rows (group rows without figures in bold), "Tổng cộng" with the totals in bold."""
    top = [
        Cell("STT", rowspan=2, bold=True, align="center"),
        Cell(form.first_column, rowspan=2, bold=True, align="center"),
    ]
    second = []
    for group, columns in FORM_GROUPS:
        top.append(Cell(group, colspan=len(columns), bold=True, align="center"))
        second.extend(Cell(label, bold=True, align="center") for label in columns)
    numbers = tuple(Cell(f"({n})", italic=True, align="center") for n in range(1, 14))
    body = []
    for row in form.rows:
        if len(row) != 13:
            raise ValueError(f"form {form.code}: a row has {len(row)} cells instead of 13")
        heading = not any(value.strip() for value in row[2:])  # "I  Cấp huyện", no figures
        body.append(
            (Cell(row[0], bold=heading, align="center"), Cell(row[1], bold=heading))
            + tuple(Cell(value, align="center") for value in row[2:])
        )
    if form.total:
        if len(form.total) != 11:
            raise ValueError(f"form {form.code}: the total has {len(form.total)} values, not 11")
        body.append(
            (Cell(TOTAL_LABEL, colspan=2, bold=True, align="center"),)
            + tuple(Cell(value, bold=True, align="center") for value in form.total)
        )
    return Grid(
        head=(tuple(top), tuple(second), numbers),
        body=tuple(body),
        widths=FORM_WIDTHS,
        font_size=FORM_SIZE,
        css="form",
    )


def _unit_line(label: str, unit: str) -> str:
    return unit if unit.startswith(label) else f"{label}: {unit}"


def _png_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _svg_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _block_items(block: Block, *, preview: bool) -> list[Item]:
    items = [Item("heading", block.heading, level=block.level, computed=block.computed)]
    items += [Item("paragraph", text) for text in block.paragraphs]
    items += [Item("table", grid=table_grid(table)) for table in block.tables]
    for chart in block.charts:
        image = _svg_uri(chart.svg) if preview and chart.svg else _png_uri(chart.png)
        items.append(Item("chart", chart.title, image=image, png=chart.png))
        if preview and chart.table is not None:
            items.append(Item("table", grid=table_grid(chart.table, css="chart-data")))
    items += [Item("paragraph", text) for text in block.paragraphs_after]
    if preview and block.provenance:
        items.append(Item("provenance", block.provenance))
    return items


def _appendix_section(appendix: Appendix) -> Section:
    form = appendix.form
    section = Section(main=False, landscape=appendix.landscape or form is not None)
    lines = [appendix.heading, appendix.subheading, appendix.title]
    section.items += [Item("appendix_heading", line) for line in lines if line]
    if appendix.indicators:
        section.items.append(Item("table", grid=indicator_grid(appendix.indicators)))
    if form is not None:
        header = FormHeader(
            code=form.code,
            title="" if form.title == appendix.title else form.title,
            period_line=form.period_line,
            unit_lines=tuple(
                _unit_line(label, unit)
                for label, unit in (
                    ("Đơn vị báo cáo", form.reporting_unit),
                    ("Đơn vị nhận báo cáo", form.receiving_unit),
                )
                if unit
            )
            + (FORM_UNIT_LINE,),
        )
        section.items.append(Item("form_header", form=header))
        section.items.append(Item("table", grid=form_grid(form)))
        if form.footnote:
            section.items.append(Item("footnote", form.footnote))
    if appendix.table is not None:
        section.items.append(Item("table", grid=table_grid(appendix.table)))
    return section


def sections(content: ReportContent, *, preview: bool = False) -> list[Section]:
    """The document in print order: the report, then one section per appendix."""
    main = Section(main=True)
    main.items += [Item("paragraph", text) for text in content.intro]
    for block in content.blocks:
        main.items += _block_items(block, preview=preview)
    if content.closing:
        main.items.append(Item("paragraph", content.closing))
    return [main, *(_appendix_section(appendix) for appendix in content.appendices)]


# ---------------------------------------------------------------------------- DOCX


def _mark_header_row(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    trpr.append(OxmlElement("w:tblHeader"))


def _keep_row_whole(row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _placements(rows: Sequence[Sequence[Cell]], columns: int) -> list[tuple[int, int, Cell]]:
    """(row, column, cell) of every cell, skipping grid positions taken by spans above."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            if c + cell.colspan > columns:
                raise ValueError(f"row {r + 1} is wider than the table's {columns} columns")
            placed.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    return placed


def _add_grid(document, grid: Grid) -> None:
    if grid.title:
        add_paragraph(
            document, grid.title, align=CENTER, bold=True, space_before=6, keep_with_next=True
        )
    rows = [*grid.head, *grid.body]
    columns = len(grid.widths)
    table = document.add_table(rows=len(rows), cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Widths first, on the unmerged cells: merging adds up the spanned cells' widths.
    layout.set_column_widths(table, grid.widths_mm(layout.text_width_mm(document)))
    placed = _placements(rows, columns)
    for r, c, cell in placed:
        if cell.colspan > 1 or cell.rowspan > 1:
            table.cell(r, c).merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
    # `table.cell()` rebuilds the whole cell grid on every call (quadratic on a 180-row
    # appendix): take the grid once, after the merges.
    grid_cells = table._cells
    for r, c, cell in placed:
        target = grid_cells[r * columns + c]
        target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        for line in cell.text.split("\n"):
            add_paragraph(
                target,
                line,
                align=_ALIGNMENTS[cell.align],
                size=grid.font_size,
                bold=cell.bold or None,
                italic=cell.italic or None,
            )
    for index, row in enumerate(table.rows):
        (_mark_header_row if index < len(grid.head) else _keep_row_whole)(row)
    add_paragraph(document, space_after=3)


def _add_form_header(document, header: FormHeader) -> None:
    width = layout.text_width_mm(document)
    table = layout.layout_table(document, [width * 0.22, width * 0.5, width * 0.28])
    left, middle, right = table.rows[0].cells
    add_paragraph(left, header.code, align=CENTER, bold=True, size=12)
    if header.title:
        add_paragraph(middle, header.title.upper(), align=CENTER, bold=True, size=12)
    if header.period_line:
        add_paragraph(middle, header.period_line, align=CENTER, italic=True, size=12)
    for line in header.unit_lines:
        add_paragraph(right, line, size=12)
    add_paragraph(document, space_after=3)


def _add_item(document, item: Item) -> None:
    if item.kind == "heading":
        text = item.text.upper() if item.level == 1 else item.text
        add_paragraph(
            document,
            text,
            align=JUSTIFY,
            bold=True,
            first_line_indent_mm=INDENT_MM,
            space_before=6,
            space_after=6,
            keep_with_next=True,
        )
    elif item.kind == "paragraph":
        add_paragraph(
            document, item.text, align=JUSTIFY, first_line_indent_mm=INDENT_MM, space_after=6
        )
    elif item.kind == "table":
        _add_grid(document, item.grid)
    elif item.kind == "chart":
        width = min(CHART_WIDTH_MM, layout.text_width_mm(document))
        layout.add_image(document, item.png, width_mm=width).paragraph_format.keep_with_next = True
        add_paragraph(document, item.text, align=CENTER, italic=True, size=12, space_after=6)
    elif item.kind == "appendix_heading":
        add_paragraph(document, item.text, align=CENTER, bold=True, size=14)
    elif item.kind == "form_header":
        add_paragraph(document, space_after=6)
        _add_form_header(document, item.form)
    elif item.kind == "footnote":
        add_paragraph(document, item.text, align=JUSTIFY, italic=True, size=FORM_SIZE)
    elif item.kind != "provenance":  # the provenance is never printed
        raise ValueError(f"unknown item kind {item.kind!r}")


def _new_section(document, *, landscape: bool) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    short, long = Mm(A4_MM[0]), Mm(A4_MM[1])
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)


def render_docx(content: ReportContent) -> bytes:
    """The report as a .docx file (A4, Times New Roman, ND 30/2020 layout)."""
    document = layout.new_document(
        font_size=BODY_SIZE, title=f"{content.title} {content.subtitle}".strip()
    )
    layout.add_letterhead(document, content.letterhead)
    layout.add_title(document, content.title, content.subtitle)
    if content.addressee:
        add_paragraph(document, content.addressee, align=CENTER, space_before=12, space_after=12)
    else:
        add_paragraph(document, space_after=12)
    main, *appendices = sections(content)
    for item in main.items:
        _add_item(document, item)
    layout.add_recipients_and_signature(document, content.recipients, content.signature)
    for section in appendices:
        _new_section(document, landscape=section.landscape)
        for item in section.items:
            _add_item(document, item)
    return layout.to_bytes(document)


# ---------------------------------------------------------------------------- HTML, PDF


def render_html(content: ReportContent, *, for_pdf: bool = False) -> str:
    """The report as HTML: a full page for the PDF, a fragment (with its own styles) for the
    web preview, which also shows the "Số liệu tự động" badges and the provenance."""
    letterhead = content.letterhead
    return render_to_string(
        TEMPLATE,
        {
            "content": content,
            "for_pdf": for_pdf,
            "letterhead": letterhead,
            "dateline": layout.dateline(letterhead.place, letterhead.day) or "",
            "national_title": layout.NATIONAL_TITLE,
            "motto": layout.MOTTO,
            "sections": sections(content, preview=not for_pdf),
            "recipients": layout.recipient_lines(content.recipients),
            "signature": content.signature,
            "auto_badge": AUTO_BADGE,
        },
    )


def render_pdf(content: ReportContent) -> bytes:
    """The report as PDF: A4 portrait, the appendix forms on landscape pages."""
    return html_to_pdf(render_html(content, for_pdf=True), stylesheets=(REPORT_PAGE_CSS,))
