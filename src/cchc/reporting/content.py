"""What a report document says, as plain data (no Django): the services build a
`ReportContent` from the records, and the renderers (DOCX, HTML preview, PDF) only lay it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cchc.core.documents import Letterhead, Signature


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    title: str = ""
    # Relative column widths (same length as headers); empty: equal widths.
    widths: tuple[float, ...] = ()


@dataclass(frozen=True)
class Chart:
    title: str
    png: bytes
    svg: bytes = b""
    # The numbers behind the chart (printed under it in the web page, never lost).
    table: Table | None = None


@dataclass(frozen=True)
class Block:
    """One numbered part of the body: "I. TÌNH HÌNH …" (level 1), "1. Đánh giá …" (level 2).

    `paragraphs` are printed justified with a first-line indent; `provenance` says where the
    computed figures come from (shown in the editor and the preview, not printed)."""

    heading: str
    level: int = 2
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    provenance: str = ""
    computed: bool = False
    # Paragraphs printed after the tables and charts (seed 001 I.4: the list of reviewed
    # procedures, then "Chỉ đạo các cơ quan chuyên môn …").
    paragraphs_after: tuple[str, ...] = ()


@dataclass(frozen=True)
class IndicatorLine:
    """One line of a statistics appendix (Phụ lục 2 – Bảng 2): a heading row (roman numeral
    or number with no unit) or an indicator with its unit of measure, value and note."""

    number: str  # what the STT column prints: "I", "1", "" for a plain indicator line
    label: str
    unit: str = ""
    value: str = ""
    note: str = ""
    heading: bool = False


@dataclass(frozen=True)
class DossierResultsForm:
    """The 13-column form as an appendix (Phụ lục 06): header lines and the rows, already
    formatted; the totals row last."""

    code: str  # "Biểu số 06b/VPCP/KSTT"
    title: str
    period_line: str  # "(Kỳ báo cáo: quý I năm 2023; từ ngày 15/12/2022 đến ngày 14/03/2023)"
    reporting_unit: str
    receiving_unit: str
    first_column: str  # "Lĩnh vực, công việc giải quyết" or "Đơn vị"
    rows: tuple[tuple[str, ...], ...]  # STT, label, then the 11 counts formatted "26.199"
    total: tuple[str, ...]  # the 11 totals formatted
    footnote: str = ""


@dataclass(frozen=True)
class Appendix:
    heading: str  # "PHỤ LỤC 2"
    title: str  # "THỐNG KÊ SỐ LIỆU VÀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2021"
    subheading: str = ""  # "BẢNG 2"
    indicators: tuple[IndicatorLine, ...] = ()
    form: DossierResultsForm | None = None
    table: Table | None = None
    landscape: bool = False


@dataclass(frozen=True)
class ReportContent:
    letterhead: Letterhead
    title: str  # "BÁO CÁO"
    subtitle: str  # "Kết quả thực hiện kiểm soát TTHC, … quý I năm 2023"
    addressee: str = ""  # "Kính gửi: Văn phòng Ủy ban nhân dân tỉnh."
    intro: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = ()
    closing: str = ""  # "Trên đây là báo cáo …/."
    recipients: tuple[str, ...] = ()
    signature: Signature = field(default_factory=lambda: Signature(position=""))
    appendices: tuple[Appendix, ...] = ()
