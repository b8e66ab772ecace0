"""The results of a reform-index round (index.md §1, workflow step 4) as JSON, XLSX, DOCX and
charts.

Everything printed comes from one `queries.RoundResults` (`results_of(round)`): the units
ranked best first (ties share a rank), their points, maxima, indices, grades and sub-indices
per area, the change against last year's published round, and the stated totals that
disagree with the sum of their parts (seed 002, Đăk Ruồng: 78,15 stated, 76,65 derived — the
derived total is used and the stated one is pointed out, never printed as the result).

- `results_json` is the `cchc index results --format json` shape of formats.md (extra keys:
  per round "published", per unit "complete", "previous_index", "change", "stated_totals");
- `results_xlsx` one A4 landscape sheet: rank, unit, per area "đạt/tối đa" and sub-index,
  totals, grade, change, and a note column for stated totals that were not used;
- `results_docx` the organiser's document: ranking table, units × areas sub-index table and
  the charts (PNG);
- `ranking_chart`, `heatmap_chart`, `year_over_year_chart` the charts as PNG or SVG bytes
  (`cchc.core.charts`; the page inlines SVG, the DOCX embeds PNG).

Points print as the seeds do ("19,49", "95", "0,25": `vnformat.trimmed`); XLSX cells hold real
numbers.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

from cchc.core import charts, vnformat
from cchc.core import documents as layout
from cchc.core.documents import CENTER, JUSTIFY, LEFT, Letterhead, OfficialWorkbook, add_paragraph
from cchc.dossiers.printing import place_of

from . import index
from .queries import RoundResults

TITLE = "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}"
DOCX_TITLE = "KẾT QUẢ ĐÁNH GIÁ, XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}"
NOT_PUBLISHED = "(Kết quả tạm tính, chưa công bố)"
INCOMPLETE = "Chưa chấm đủ các tiêu chí"
NO_VALUE = "—"
CENT = Decimal("0.01")
ROUND_KEYS = ("code", "name", "year", "criteria_set", "organiser", "status")
UNIT_KEYS = ("code", "name", "points", "max", "index", "grade", "rank", "areas")
AREA_KEYS = ("code", "points", "max", "index")


# ---------------------------------------------------------------------------- helpers


def _number(value: Decimal | None) -> int | float | None:
    """A JSON number as given: 95 → 95, 81.45 → 81.45."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _two_decimals(value: Decimal | None) -> float | None:
    return None if value is None else float(Decimal(value).quantize(CENT))


def points_text(points: Decimal, maximum: Decimal) -> str:
    """ "19,49/23"."""
    return f"{vnformat.trimmed(points)}/{vnformat.trimmed(maximum)}"


def index_text(value: Decimal | None) -> str:
    """ "85,74", "83,8", "—" when there is no maximum."""
    return NO_VALUE if value is None else vnformat.trimmed(value)


def change_text(value: Decimal | None) -> str:
    """ "+2,15", "-1,3", "0"; "" without last year's index."""
    if value is None:
        return ""
    sign = "+" if value > 0 else ""
    return sign + vnformat.trimmed(value)


def short_name(name: str) -> str:
    """ "UBND xã Đắk Tô Re" → "xã Đắk Tô Re" (chart labels)."""
    return re.sub(r"^(UBND|Ủy ban nhân dân)\s+", "", name)


def issuer_name(name: str) -> str:
    """The letterhead's issuer as the other reports print it: "UBND huyện Kon Rẫy" →
    "ỦY BAN NHÂN DÂN HUYỆN KON RẪY" (`add_letterhead` capitalises)."""
    return re.sub(r"^UBND\b", "ỦY BAN NHÂN DÂN", name)


def scored_areas(results: RoundResults) -> list[index.Node]:
    """The areas with a maximum (bonus and penalty sit outside it)."""
    return [area for area in results.areas if area.part not in index.EXTRA_PARTS]


def _area_of(result: index.UnitResult, code: str) -> index.NodeResult | None:
    return next((area for area in result.areas if area.code == code), None)


def _has_extras(results: RoundResults) -> bool:
    return any(r.bonus or r.penalty for r in results.units)


def node_kind(code: str) -> str:
    """ "lĩnh vực" (1), "tiêu chí" (1.2), "tiêu chí thành phần" (1.2.1 and deeper)."""
    depth = len(code.split("."))
    return ("lĩnh vực", "tiêu chí")[depth - 1] if depth < 3 else "tiêu chí thành phần"


def mismatch_note(mismatch: index.Mismatch) -> str:
    """ "Tổng điểm ghi trong tệp 78,15 khác tổng các phần 76,65 — dùng 76,65"."""
    what = (
        "Tổng điểm" if mismatch.code is None else f"Điểm {node_kind(mismatch.code)} {mismatch.code}"
    )
    stated, derived = vnformat.trimmed(mismatch.stated), vnformat.trimmed(mismatch.derived)
    return f"{what} ghi trong tệp {stated} khác tổng các phần {derived} — dùng {derived}"


def unit_notes(result: index.UnitResult) -> list[str]:
    notes = [mismatch_note(m) for m in result.mismatches]
    if not result.complete:
        notes.append(INCOMPLETE)
    return notes


def letterhead(results: RoundResults) -> Letterhead:
    """The organiser, dated the day the results were published (blank before)."""
    organiser = results.round.organiser
    published = results.round.published_at
    return Letterhead(
        issuer=issuer_name(organiser.name),
        parent_body=None,
        place=place_of(organiser),
        day=layout.local_time(published).date() if published else None,
    )


def basis_sentence(results: RoundResults) -> str:
    """ "Bộ tiêu chí … (Quyết định số 514/QĐ-UBND ngày 12/11/2021)"."""
    criteria_set = results.round.criteria_set
    if criteria_set.decision_ref:
        return f"{criteria_set.name} (Quyết định số {criteria_set.decision_ref})"
    return criteria_set.name


def filename(results: RoundResults, extension: str) -> str:
    """ "chi-so-cchc-KR-XA-2021.xlsx"."""
    code = re.sub(r"[^A-Za-z0-9_.-]+", "-", results.round.code)
    return f"chi-so-cchc-{code}.{extension}"


# ---------------------------------------------------------------------------- JSON


def _previous_json(results: RoundResults, result: index.UnitResult) -> dict:
    before = results.previous.get(result.key.unit_id)
    return {
        "previous_index": _two_decimals(before.index) if before else None,
        "previous_rank": before.rank if before else None,
        "previous_of": before.of if before else None,
        "previous_round": before.round.code if before else None,
        "change": _two_decimals(results.change(result)),
        "rank_change": results.rank_change(result),
    }


def results_json(results: RoundResults) -> dict:
    """The `cchc index results --format json` document (formats.md), units best first."""
    round_ = results.round
    units = []
    for result in results.units:
        unit = result.key.unit
        units.append(
            {
                "code": unit.code,
                "name": unit.name,
                "points": _number(result.points),
                "max": _number(result.max),
                "index": _two_decimals(result.index),
                "grade": result.grade,
                "rank": result.rank,
                "areas": [
                    {
                        "code": area.code,
                        "points": _number(area.points),
                        "max": _number(area.max),
                        "index": _two_decimals(area.index),
                        "name": area.name,
                        "part": area.part,
                    }
                    for area in result.areas
                ],
                "complete": result.complete,
                "bonus": _number(result.bonus),
                "penalty": _number(result.penalty),
                **_previous_json(results, result),
                "stated_totals": [
                    {
                        "code": m.code,
                        "stated": _number(m.stated),
                        "derived": _number(m.derived),
                    }
                    for m in result.mismatches
                ],
            }
        )
    return {
        "round": {
            "code": round_.code,
            "name": round_.name,
            "year": round_.year,
            "criteria_set": round_.criteria_set.code,
            "organiser": round_.organiser.code,
            "status": round_.status,
            "published": results.published,
            "published_at": round_.published_at.isoformat() if round_.published_at else None,
            "organiser_name": round_.organiser.name,
            "criteria_set_name": round_.criteria_set.name,
        },
        "units": units,
    }


# ---------------------------------------------------------------------------- XLSX

INDEX_FORMAT = "0.00"
CHANGE_FORMAT = "+0.00;-0.00;0.00"


def _xlsx_formats(book: OfficialWorkbook) -> dict:
    base = {"font_name": layout.FONT_NAME, "font_size": 12, "valign": "vcenter"}
    boxed = {**base, "border": 1, "text_wrap": True}
    specs = {
        "points": {**boxed, "align": "center"},
        "index": {**boxed, "align": "center", "num_format": INDEX_FORMAT},
        "index_bold": {**boxed, "align": "center", "bold": True, "num_format": INDEX_FORMAT},
        "change": {**boxed, "align": "center", "num_format": CHANGE_FORMAT},
        "note": {**boxed, "align": "left", "italic": True, "font_size": 11},
        "wrap_center": {**base, "align": "center", "text_wrap": True},
        "notes": {**base, "align": "left", "italic": True, "text_wrap": True},
    }
    for name, spec in specs.items():
        book.formats[name] = book.workbook.add_format(spec)
    return book.formats


def _write(sheet, row: int, column: int, value, fmt) -> None:
    if value is None or value == "":
        sheet.write_blank(row, column, None, fmt)
    elif isinstance(value, Decimal | int | float):
        sheet.write_number(row, column, float(value), fmt)
    else:
        sheet.write_string(row, column, str(value), fmt)


def results_xlsx(results: RoundResults) -> bytes:
    """The results on one A4 landscape sheet: a two-level header (each area over "Điểm đạt/
    tối đa" and "Chỉ số"), one row per unit best first, real numbers in the number cells."""
    round_ = results.round
    areas = scored_areas(results)
    extras = _has_extras(results)
    book = OfficialWorkbook()
    formats = _xlsx_formats(book)
    widths = [5, 7, 30] + [11, 9] * len(areas) + ([9] if extras else []) + [9, 9, 9, 11, 10, 34]
    last = len(widths) - 1
    sheet = book.add_sheet("Chi so CCHC", widths)
    row = book.write_letterhead(sheet, 0, letterhead(results), split=3, last_col=last) + 1
    book.merge(sheet, row, 0, last, TITLE.format(year=round_.year), "title")
    sheet.merge_range(row + 1, 0, row + 1, last, basis_sentence(results), formats["wrap_center"])
    sheet.set_row(row + 1, 32)
    row += 2
    if not results.published:
        book.merge(sheet, row, 0, last, NOT_PUBLISHED, "italic_center")
        row += 1
    row += 1
    header = row
    fixed = ("STT", "Xếp hạng", "Đơn vị")
    for column, text in enumerate(fixed):
        sheet.merge_range(header, column, header + 1, column, text, formats["header"])
    column = len(fixed)
    for area in areas:
        sheet.merge_range(
            header, column, header, column + 1, f"{area.code}. {area.name}", formats["header"]
        )
        sheet.write_string(header + 1, column, "Điểm đạt/tối đa", formats["header"])
        sheet.write_string(header + 1, column + 1, "Chỉ số", formats["header"])
        column += 2
    tail = (["Điểm thưởng (+), trừ (-)"] if extras else []) + [
        "Tổng điểm đạt",
        "Điểm tối đa",
        "Chỉ số",
        "Xếp loại",
        "So với năm trước",
        "Ghi chú",
    ]
    for offset, text in enumerate(tail):
        sheet.merge_range(
            header, column + offset, header + 1, column + offset, text, formats["header"]
        )
    sheet.set_row(header, 62)
    sheet.set_row(header + 1, 32)
    sheet.repeat_rows(header, header + 1)
    row = header + 2
    for number, result in enumerate(results.units, start=1):
        values: list[tuple[object, str]] = [
            (number, "cell_center"),
            (result.rank, "cell_center"),
            (result.key.unit.name, "cell"),
        ]
        for area in areas:
            found = _area_of(result, area.code)
            if found is None or not found.max:
                values += [(NO_VALUE, "points"), (None, "index")]
            else:
                values += [(points_text(found.points, found.max), "points"), (found.index, "index")]
        if extras:
            values.append((result.bonus - result.penalty, "points"))
        values += [
            (result.points, "points"),
            (result.max, "points"),
            (result.index, "index_bold"),
            (result.grade, "cell_center"),
            (results.change(result), "change"),
            ("; ".join(unit_notes(result)), "note"),
        ]
        for column, (value, fmt) in enumerate(values):
            _write(sheet, row, column, value, formats[fmt])
        row += 1
    row += 1
    legend = ["Ghi chú: Chỉ số = Tổng điểm đạt ÷ Điểm tối đa × 100 (các tiêu chí áp dụng)."]
    if results.previous:
        years = sorted({p.round.year for p in results.previous.values()})
        legend.append(
            "So với năm trước: chênh lệch Chỉ số so với kết quả đã công bố năm "
            + ", ".join(str(y) for y in years)
            + "."
        )
    for line in legend:
        book.merge(sheet, row, 0, last, line, "notes")
        row += 1
    sheet.set_footer('&C&"Times New Roman"&11Trang &P/&N')
    return book.to_bytes()


# ---------------------------------------------------------------------------- charts


def _index_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def ranking_chart(results: RoundResults, fmt: charts.Format = "png") -> bytes:
    """The units' indices, best first."""
    year = results.round.year
    return charts.bar_chart(
        f"Chỉ số cải cách hành chính năm {year}",
        [short_name(r.name) for r in results.units],
        {"Chỉ số CCHC": [_index_float(r.index) for r in results.units]},
        fmt=fmt,
        y_label="Chỉ số",
    )


def heatmap_values(results: RoundResults) -> list[list[float | None]]:
    """Sub-indices per unit (rows, best first) and area (columns)."""
    rows = []
    for result in results.units:
        line = []
        for area in scored_areas(results):
            found = _area_of(result, area.code)
            line.append(_index_float(found.index) if found is not None else None)
        rows.append(line)
    return rows


def heatmap_chart(results: RoundResults, fmt: charts.Format = "png") -> bytes:
    """Units × areas, each cell the area's sub-index; the colour scale starts at 50 (or
    lower when a sub-index is lower) so that the usual 60–100 range stays readable."""
    values = heatmap_values(results)
    finite = [v for line in values for v in line if v is not None]
    low = min(50.0, math.floor(min(finite) / 10) * 10) if finite else 0.0
    return charts.heatmap(
        f"Chỉ số thành phần theo lĩnh vực năm {results.round.year}",
        [short_name(r.name) for r in results.units],
        [area.code for area in scored_areas(results)],
        values,
        fmt=fmt,
        vmin=low,
        vmax=100,
        x_label="Lĩnh vực",
    )


def year_over_year_chart(results: RoundResults, fmt: charts.Format = "png") -> bytes | None:
    """Last year's index beside this year's, for the units that have both (None when no unit
    has a published result of the year before)."""
    paired = [r for r in results.units if r.key.unit_id in results.previous]
    if not paired:
        return None
    year = results.round.year
    before = {results.previous[r.key.unit_id].round.year for r in paired}
    label = f"Năm {min(before)}" if len(before) == 1 else "Năm trước"
    return charts.bar_chart(
        f"Chỉ số cải cách hành chính năm {year} so với năm trước",
        [short_name(r.name) for r in paired],
        {
            label: [_index_float(results.previous[r.key.unit_id].index) for r in paired],
            f"Năm {year}": [_index_float(r.index) for r in paired],
        },
        fmt=fmt,
        y_label="Chỉ số",
    )


# ---------------------------------------------------------------------------- DOCX

TABLE_FONT = 11
GRID_FONT = 10
CHART_WIDTH_MM = 160
INDENT_MM = 10


def _heading(document, text: str) -> None:
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


def _body(document, text: str, **options) -> None:
    add_paragraph(
        document,
        text,
        align=JUSTIFY,
        first_line_indent_mm=INDENT_MM,
        space_after=6,
        **options,
    )


def _chart(document, png: bytes, caption: str) -> None:
    width = min(CHART_WIDTH_MM, layout.text_width_mm(document))
    layout.add_image(document, png, width_mm=width).paragraph_format.keep_with_next = True
    add_paragraph(document, caption, align=CENTER, italic=True, size=12, space_after=6)


def ranking_rows(results: RoundResults) -> list[tuple[str, ...]]:
    """Xếp hạng, Đơn vị, Điểm đạt, Điểm tối đa, Chỉ số, Xếp loại (+ Năm trước, So với năm
    trước when last year's results exist)."""
    rows = []
    for result in results.units:
        line = (
            "" if result.rank is None else str(result.rank),
            result.key.unit.name,
            vnformat.trimmed(result.points),
            vnformat.trimmed(result.max),
            index_text(result.index),
            result.grade,
        )
        if results.previous:
            before = results.previous.get(result.key.unit_id)
            earlier = ""
            if before is not None and before.index is not None:
                earlier = index_text(before.index)
                if before.rank is not None:
                    earlier += f" (hạng {before.rank}/{before.of})"
            line += (earlier, change_text(results.change(result)))
        rows.append(line)
    return rows


def results_docx(results: RoundResults) -> bytes:
    """The organiser's document: letterhead, title, the ranking table, the units × areas
    sub-index table with the areas' names, the charts and the notes on stated totals."""
    round_ = results.round
    areas = scored_areas(results)
    title = DOCX_TITLE.format(year=round_.year)
    document = layout.new_document(title=title)
    width = layout.text_width_mm(document)
    layout.add_letterhead(document, letterhead(results))
    layout.add_title(document, title, f"({basis_sentence(results)})")
    if not results.published:
        add_paragraph(document, NOT_PUBLISHED, align=CENTER, italic=True)
    add_paragraph(document, space_after=6)
    _body(
        document,
        f"Kết quả đánh giá, xếp hạng Chỉ số cải cách hành chính năm {round_.year} của "
        f"{len(results.units)} đơn vị ({round_.name}) như sau:",
    )

    _heading(document, "1. Xếp hạng Chỉ số cải cách hành chính")
    headers = ["Xếp hạng", "Đơn vị", "Điểm đạt", "Điểm tối đa", "Chỉ số", "Xếp loại"]
    widths = [15, 55, 18, 18, 18, 20]
    if results.previous:
        headers += ["Năm trước", "So với năm trước"]
        widths = [13, 42, 15, 15, 15, 17, 25, 18]
    scale = width / sum(widths)
    layout.add_table(
        document,
        headers,
        ranking_rows(results),
        widths_mm=[w * scale for w in widths],
        font_size=TABLE_FONT,
        align=[CENTER, LEFT] + [CENTER] * (len(headers) - 2),
    )
    add_paragraph(document, space_after=6)

    _heading(document, "2. Chỉ số thành phần theo lĩnh vực")
    sub_rows = []
    for result in results.units:
        line = ["" if result.rank is None else str(result.rank), result.key.unit.name]
        for area in areas:
            found = _area_of(result, area.code)
            line.append(index_text(found.index) if found is not None else NO_VALUE)
        line.append(index_text(result.index))
        sub_rows.append(line)
    name_mm = 45
    other = (width - 12 - name_mm) / (len(areas) + 1)
    layout.add_table(
        document,
        ["Xếp hạng", "Đơn vị", *(area.code for area in areas), "Chỉ số"],
        sub_rows,
        widths_mm=[12, name_mm] + [other] * (len(areas) + 1),
        font_size=GRID_FONT,
        align=[CENTER, LEFT] + [CENTER] * (len(areas) + 1),
    )
    add_paragraph(document, space_after=3)
    for area in areas:
        add_paragraph(
            document,
            f"Lĩnh vực {area.code}: {area.name}.",
            align=JUSTIFY,
            italic=True,
            size=GRID_FONT + 1,
        )
    add_paragraph(document, space_after=6)

    _heading(document, "3. Biểu đồ")
    _chart(
        document, ranking_chart(results), f"Biểu đồ 1. Chỉ số cải cách hành chính năm {round_.year}"
    )
    _chart(
        document,
        heatmap_chart(results),
        f"Biểu đồ 2. Chỉ số thành phần theo lĩnh vực năm {round_.year}",
    )
    yoy = year_over_year_chart(results)
    if yoy is not None:
        _chart(document, yoy, "Biểu đồ 3. Chỉ số cải cách hành chính so với năm trước")

    notes = [
        f"{result.key.unit.name}: {note}."
        for result in results.units
        for note in unit_notes(result)
    ]
    if notes:
        _heading(document, "Ghi chú")
        for note in notes:
            _body(document, f"- {note}", italic=True)
    return layout.to_bytes(document)


def chart_formats(results: RoundResults, fmt: charts.Format) -> dict[str, bytes]:
    """Every chart of the round in one format, by name (what a page lays out)."""
    drawn = {"ranking": ranking_chart(results, fmt), "heatmap": heatmap_chart(results, fmt)}
    yoy = year_over_year_chart(results, fmt)
    if yoy is not None:
        drawn["year_over_year"] = yoy
    return drawn
