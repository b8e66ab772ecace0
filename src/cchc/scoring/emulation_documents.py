"""The movement's 6-month or annual report (seed 004) as DOCX and as an HTML preview.

Outline, as the seed: letterhead (the organiser, "Số: …/BC-UBND", place and date in words),
"BÁO CÁO" / "Kết quả thực hiện phong trào thi đua {name} {6 tháng đầu năm 2022|năm 2022}",
"Thực hiện Kế hoạch số …", the intro, I. ĐẶC ĐIỂM, TÌNH HÌNH; II. KẾT QUẢ THỰC HIỆN (1. Lãnh
đạo, chỉ đạo …; 2. Kết quả tổ chức phong trào thi đua — the narrative, the dossier sentence
from the statistics engine, the participants' results with ranks, the initiatives and models,
the awards); III. NHIỆM VỤ, GIẢI PHÁP …; "Trên đây là báo cáo …"; Nơi nhận and the signature.

The narrative comes from the saved `MovementReport` (or the defaults of a new one); every
figure is read from the records when the document is built, so the dossier sentence always
adds up. Both outputs are drawn from one list of `Item`s, so they print the same texts in the
same order; the preview alone marks the computed paragraphs and shows their provenance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.template.loader import render_to_string

from cchc.core import documents as layout
from cchc.core import vnformat
from cchc.core.documents import CENTER, JUSTIFY, LEFT, Letterhead, Signature, add_paragraph
from cchc.dossiers.printing import place_of
from cchc.units.models import Unit

from . import emulation_queries as queries
from .emulation_services import area_of, plan_reference, report_or_new
from .models import Movement, MovementReport

TEMPLATE = "scoring/emulation/document.html"
BODY_SIZE = 13
TABLE_SIZE = 12
INDENT_MM = 10
NUMBER_SUFFIX = "BC-UBND"
MAX_CRITERIA_COLUMNS = 4

HEADINGS = {
    "situation": "I. ĐẶC ĐIỂM, TÌNH HÌNH",
    "results": "II. KẾT QUẢ THỰC HIỆN",
    "leadership": "1. Lãnh đạo, chỉ đạo thực hiện phong trào thi đua",
    "organised": "2. Kết quả tổ chức phong trào thi đua",
    "next_tasks": "III. NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN TRONG THỜI GIAN TỚI",
}


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative
    align: tuple[str, ...]  # "left" | "center"

    @property
    def cells(self) -> list[list[tuple[str, str]]]:
        """Each row's (text, alignment) pairs, for the preview."""
        return [list(zip(row, self.align, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class Item:
    """One thing printed in order. kind: heading (level 1 or 2), paragraph, table."""

    kind: str
    text: str = ""
    level: int = 0
    computed: bool = False  # read from the records (preview: badge and provenance)
    provenance: str = ""
    table: Table | None = None


@dataclass(frozen=True)
class MovementDocument:
    letterhead: Letterhead
    title: str
    subtitle: str
    items: tuple[Item, ...]
    recipients: tuple[str, ...]
    signature: Signature
    filename: str


# ---------------------------------------------------------------------------- content


def issuer_name(unit: Unit) -> str:
    """ "Ủy ban nhân dân huyện Châu Thành" for "UBND huyện Châu Thành"."""
    return re.sub(r"^UBND\b", "Ủy ban nhân dân", unit.name)


def number_text(report: MovementReport) -> str:
    """ "138/BC-UBND" from "138"; a number typed with its suffix is kept as typed; none
    leaves the room to fill by hand."""
    number = (report.number or "").strip()
    if "/" in number:
        return number
    return f"{number or '…'}/{NUMBER_SUFFIX}"


def _paragraphs(text: str) -> list[Item]:
    return [Item("paragraph", line.strip()) for line in (text or "").splitlines() if line.strip()]


def _participation_item(movement: Movement) -> Item | None:
    participants = list(movement.participants.all())
    if not participants:
        return None
    clusters = {p.cluster for p in participants if p.cluster}
    registered = sum(1 for p in participants if p.registered_on)
    pledged = sum(1 for p in participants if p.pledge_signed_on)
    text = f"Tham gia phong trào có {vnformat.number(len(participants))} cơ quan, đơn vị"
    if clusters:
        text += f", chia thành {vnformat.number(len(clusters))} cụm, khối thi đua"
    text += (
        f"; {vnformat.number(registered)} đơn vị đã đăng ký thi đua, "
        f"{vnformat.number(pledged)} đơn vị đã ký kết giao ước thi đua."
    )
    return Item(
        "paragraph",
        text,
        computed=True,
        provenance="Từ danh sách đơn vị tham gia phong trào (ngày đăng ký, ngày ký giao ước).",
    )


def _rank(value: int | None) -> str:
    return "—" if value is None else str(value)


def _results_items(results: queries.MovementResults) -> list[Item]:
    if not results.rows:
        return []
    if not results.criteria:
        return [Item("paragraph", "Phong trào chưa có tiêu chí chấm điểm.", computed=True)]
    with_clusters = any(row.participant.cluster for row in results.rows)
    detailed = len(results.criteria) <= MAX_CRITERIA_COLUMNS
    headers = ["STT", "Cơ quan, đơn vị"]
    widths: list[float] = [10, 50]
    align = ["center", "left"]
    if with_clusters:
        headers.append("Cụm, khối thi đua")
        widths.append(28)
        align.append("left")
    if detailed:
        for criterion in results.criteria:
            headers.append(
                f"Tiêu chí {criterion.code}\n(tối đa {vnformat.trimmed(criterion.max_points)})"
            )
            widths.append(18)
            align.append("center")
    headers += [f"Tổng điểm\n(tối đa {vnformat.trimmed(results.max_total)})", "Xếp hạng"]
    widths += [20, 16]
    align += ["center", "center"]
    if with_clusters:
        headers.append("Xếp hạng trong cụm, khối")
        widths.append(18)
        align.append("center")
    rows = []
    for number, row in enumerate(results.rows, start=1):
        cells = [str(number), row.participant.unit.name]
        if with_clusters:
            cells.append(row.participant.cluster)
        if detailed:
            cells += [p.display for p in row.points]
        cells += [row.total_display, _rank(row.rank)]
        if with_clusters:
            cells.append(_rank(row.cluster_rank))
        rows.append(tuple(cells))
    kinds = sorted({p.kind_label for row in results.rows for p in row.points})
    return [
        Item(
            "paragraph",
            "Kết quả chấm điểm, xếp hạng các cơ quan, đơn vị tham gia phong trào "
            f"(tính đến ngày {results.window.end:%d/%m/%Y}):",
            computed=True,
            provenance="Điểm từng tiêu chí: " + ", ".join(kinds).lower() + "; tổng điểm và xếp "
            "hạng được tính lại mỗi lần lập báo cáo (đồng điểm thì đồng hạng).",
        ),
        Item(
            "table",
            table=Table(tuple(headers), tuple(rows), tuple(widths), tuple(align)),
        ),
    ]


def _initiative_items(lines: list[queries.InitiativeLine]) -> list[Item]:
    items = []
    for line in lines:
        items.append(
            Item(
                "paragraph",
                f"Triển khai {line.kind.lower()} “{line.name}” của {line.unit} "
                f"({line.status.lower()}).",
                computed=True,
                provenance="Từ danh mục sáng kiến, mô hình CCHC (phân hệ Kế hoạch CCHC).",
            )
        )
        items += _paragraphs(line.description)
    return items


def _award_items(awards) -> list[Item]:
    if not awards:
        return []
    rows = []
    for number, award in enumerate(awards, start=1):
        who = (
            award.participant.unit.name
            if award.participant_id
            else f"{award.individual_name}, {award.individual_position}"
        )
        decision = award.decision_ref
        if award.awarded_on:
            decision += f" ngày {award.awarded_on:%d/%m/%Y}"
        rows.append((str(number), award.get_kind_display(), who, decision, award.reason))
    collective = sum(1 for a in awards if a.participant_id)
    counted = [
        f"{vnformat.number(n)} {who}"
        for n, who in ((collective, "tập thể"), (len(awards) - collective, "cá nhân"))
        if n
    ]
    text = (
        f"Công tác khen thưởng: đã khen thưởng {' và '.join(counted)} có thành tích trong "
        "phong trào:"
    )
    return [
        Item("paragraph", text, computed=True, provenance="Từ các khen thưởng đã ghi nhận."),
        Item(
            "table",
            table=Table(
                ("STT", "Hình thức", "Tập thể, cá nhân", "Quyết định", "Thành tích"),
                tuple(rows),
                (10, 24, 48, 40, 43),
                ("center", "left", "left", "left", "left"),
            ),
        ),
    ]


def build(
    movement: Movement, period: str, report: MovementReport | None = None
) -> MovementDocument:
    """The report of `period` ("H1" or "year") with everything it prints; raises
    `figures.IdentityError` rather than print dossier figures that do not add up."""
    report = report or report_or_new(movement, period)
    organiser = movement.organiser
    window = queries.report_window(movement, period)
    title = queries.period_title(movement, period)
    area = area_of(organiser)
    figures = queries.dossier_figures_of(movement, window)
    results = queries.movement_results(movement, within=window)

    items: list[Item] = [
        Item("paragraph", f"Thực hiện {plan_reference(movement)}."),
        Item(
            "paragraph",
            f"{issuer_name(organiser)} báo cáo kết quả thực hiện phong trào thi đua "
            f"{movement.name} {title} trên địa bàn {area} như sau:",
        ),
        Item("heading", HEADINGS["situation"], level=1),
        *_paragraphs(report.situation),
    ]
    if participation := _participation_item(movement):
        items.append(participation)
    items += [
        Item("heading", HEADINGS["results"], level=1),
        Item("heading", HEADINGS["leadership"], level=2),
        *_paragraphs(report.leadership),
        Item("heading", HEADINGS["organised"], level=2),
        *_paragraphs(report.results),
    ]
    provenance = (
        "Thống kê kết quả giải quyết TTHC (một truy vấn tổng hợp), hồ sơ do "
        f"{organiser.name} tiếp nhận và do {organiser.name} cùng các đơn vị trực thuộc tiếp nhận, "
        f"{window.range_text.lower()}."
    )
    items += [
        Item("paragraph", sentence, computed=True, provenance=provenance)
        for sentence in figures.sentences()
    ]
    items += _results_items(results)
    items += _initiative_items(queries.initiatives_of(movement, window))
    items += _award_items(queries.awards_of(movement, until=window.end))
    items += [
        Item("heading", HEADINGS["next_tasks"], level=1),
        *_paragraphs(report.next_tasks),
        Item(
            "paragraph",
            f"Trên đây là báo cáo kết quả thực hiện phong trào thi đua {movement.name} {title} "
            f"và nhiệm vụ, giải pháp thực hiện trong thời gian tới trên địa bàn {area}.",
        ),
    ]
    unit_body = organiser.name.startswith("UBND")
    return MovementDocument(
        letterhead=Letterhead(
            issuer=issuer_name(organiser),
            parent_body=None if unit_body or organiser.parent is None else organiser.parent.name,
            number=number_text(report),
            place=report.place or place_of(organiser),
            day=report.issued_on,
        ),
        title="BÁO CÁO",
        subtitle=f"Kết quả thực hiện phong trào thi đua {movement.name} {title}",
        items=tuple(items),
        recipients=tuple(
            line.strip().lstrip("-").strip()
            for line in report.recipients.splitlines()
            if line.strip().lstrip("-").strip()
        ),
        signature=Signature(
            position=report.signer_position or "",
            name=report.signer_name,
            authority=report.signer_authority or None,
        ),
        filename=f"bao-cao-thi-dua-{movement.pk}-{queries.SLUG_OF_PERIOD[period]}-{movement.year}.docx",
    )


# ---------------------------------------------------------------------------- DOCX

_ALIGN = {"left": LEFT, "center": CENTER}


def _add_item(document, item: Item) -> None:
    if item.kind == "heading":
        add_paragraph(
            document,
            item.text,
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
        table = item.table
        available = layout.text_width_mm(document)
        total = sum(table.widths)
        layout.add_table(
            document,
            table.headers,
            table.rows,
            widths_mm=[available * w / total for w in table.widths],
            font_size=TABLE_SIZE,
            align=[_ALIGN[a] for a in table.align],
        )
        add_paragraph(document, space_after=6)
    else:
        raise ValueError(f"unknown item kind {item.kind!r}")


def render_docx(doc: MovementDocument) -> bytes:
    """The report as .docx (A4, Times New Roman, ND 30/2020 layout)."""
    document = layout.new_document(font_size=BODY_SIZE, title=f"{doc.title} {doc.subtitle}")
    layout.add_letterhead(document, doc.letterhead)
    layout.add_title(document, doc.title, doc.subtitle)
    add_paragraph(document, space_after=12)
    for item in doc.items:
        _add_item(document, item)
    layout.add_recipients_and_signature(document, doc.recipients, doc.signature)
    return layout.to_bytes(document)


# ---------------------------------------------------------------------------- HTML


def render_html(doc: MovementDocument) -> str:
    """The report as an HTML fragment for the preview page (with the computed paragraphs
    marked and their provenance; neither reaches the DOCX)."""
    return render_to_string(
        TEMPLATE,
        {
            "doc": doc,
            "dateline": layout.dateline(doc.letterhead.place, doc.letterhead.day) or "",
            "national_title": layout.NATIONAL_TITLE,
            "motto": layout.MOTTO,
            "recipients": layout.recipient_lines(doc.recipients),
        },
    )
