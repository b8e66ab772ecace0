"""Report documents (seed 001's quarterly TTHC report, seed 003's statistics appendix) come out
as DOCX, as an HTML preview and as PDF with the same texts and the ND 30/2020 layout."""

import io
import re
import zlib
from datetime import date

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from cchc.core.documents import Letterhead, Signature, qr_png
from cchc.dossiers.tests.factories import docx_rows, docx_text
from cchc.reporting.content import (
    Appendix,
    Block,
    Chart,
    DossierResultsForm,
    IndicatorLine,
    ReportContent,
    Table,
)
from cchc.reporting.report_documents import render_docx, render_html, render_pdf

SUBTITLE = (
    "Kết quả thực hiện kiểm soát TTHC, triển khai cơ chế một cửa, một cửa liên thông và "
    "thực hiện TTHC trên môi trường điện tử quý I năm 2023"
)
INTRO = (
    "Thực hiện Thông tư số 01/2020/TT-VPCP ngày 21/10/2020 của Bộ trưởng, Chủ nhiệm Văn phòng "
    "Chính phủ quy định chế độ báo cáo định kỳ. UBND huyện Trà Cú báo cáo kết quả thực hiện "
    "như sau:"
)
REVIEWED = (
    ("Thủ tục xin phê chuẩn kết quả bầu chủ tịch, phó chủ tịch UBND xã", "Nội vụ"),
    ("Thủ tục trình phê chuẩn dự toán ngân sách đầu năm", "Tài chính"),
    ("Thủ tục trình điều chỉnh các dự toán ngân sách", ""),
    ("Thủ tục thực hiện các quyết định, thông báo phân công nhiệm vụ", "Hành chính"),
    ("Thủ tục tuyển dụng người hoạt động không chuyên trách cấp xã", "Nội vụ"),
    ("Thủ tục công nhận xã, phường phù hợp trẻ em", "Bảo vệ chăm sóc trẻ em"),
    ("Thủ tục Đề nghị giải quyết chế độ mai táng phí", "Bảo trợ xã hội"),
    ("Thủ tục xét thi đua khen thưởng hàng năm", "Thi đua khen thưởng"),
    ("Thủ tục đánh giá cán bộ, công chức hàng năm", ""),
    ("Thủ tục trình phê duyệt bổ sung kinh phí gửi Hội đồng Nhân dân xã", "Tài chính"),
    ("Thủ tục thực hiện Nội quy, quy chế hoạt động của cơ quan", "Hành chính"),
    ("Thủ tục giải quyết chế độ chính sách đối với người hoạt động không chuyên trách",
     "Lao động tiền lương"),
    ("Thủ tục công nhận xã, phường tiếp cận pháp luật", "Hành chính Tư pháp"),
    ("Thủ tục họp xét đề nghị nâng bậc lương trước thời hạn", "Nội vụ"),
    ("Thủ tục xin bầu chức danh Chủ tịch, Phó Chủ tịch UBND", ""),
    ("Các kế hoạch thực hiện nhiệm vụ phát triển kinh tế, văn hóa, xã hội", "Tài chính"),
)  # fmt: skip
PROVENANCE = "Danh mục rà soát TTHC nội bộ, kỳ 15/12/2022 – 14/03/2023"
RECIPIENTS = (
    "Như trên",
    "CT, các PCT. UBND huyện",
    "Các phòng, ban ngành trực thuộc",
    "UBND các xã, thị trấn",
    "LĐVP",
    "Lưu: VT",
)
INDICATORS = (
    IndicatorLine("I", "Công tác chỉ đạo điều hành CCHC", heading=True),
    IndicatorLine("1", "Kế hoạch CCHC", heading=True, note="Kế hoạch số 05/KH-UBND"),
    IndicatorLine("", "Số nhiệm vụ đề ra trong kế hoạch", "Nhiệm vụ", "23"),
    IndicatorLine("", "Số nhiệm vụ đã hoàn thành", "Nhiệm vụ", "21"),
    IndicatorLine("III", "Cải cách thủ tục hành chính", heading=True),
    IndicatorLine("6", "Kết quả giải quyết TTHC", heading=True),
    IndicatorLine("", "Số hồ sơ TTHC do UBND cấp huyện tiếp nhận", "Hồ sơ", "10.248"),
    IndicatorLine(
        "",
        "Tỷ lệ hồ sơ TTHC do UBND cấp huyện tiếp nhận được giải quyết đúng hẹn",
        "%",
        "99,95",
        "10.243/10.248 hồ sơ",
    ),
)
FORM = DossierResultsForm(
    code="Biểu số 06b/VPCP/KSTT",
    title="Tình hình, kết quả giải quyết TTHC",
    period_line="(Kỳ báo cáo: quý I năm 2023; từ ngày 15/12/2022 đến ngày 14/03/2023)",
    reporting_unit="UBND huyện Trà Cú",
    receiving_unit="Văn phòng UBND tỉnh",
    first_column="Lĩnh vực, công việc giải quyết",
    rows=(
        ("I", "Cấp xã", *[""] * 11),
        ("1", "Hộ tịch", "20.000", "3.000", "17.000", "0", "19.990", "4.000", "15.990", "0",
         "10", "10", "0"),
        ("2", "Chứng thực", "6.202", "1.049", "5.150", "3", "6.198", "1.621", "4.577", "0",
         "4", "4", "0"),
    ),
    total=("26.202", "4.049", "22.150", "3", "26.188", "5.621", "20.567", "0", "14", "14", "0"),
    footnote="Cột (9) gồm cả hồ sơ chờ bổ sung và hồ sơ rút, trả lại trong kỳ.",
)  # fmt: skip


def quarterly_report(*, appendices=()) -> ReportContent:
    """Seed 001: two blocks (the second with the reviewed procedures and a chart)."""
    table = Table(
        headers=("STT", "Tên thủ tục hành chính", "Lĩnh vực", "Cơ quan thực hiện"),
        rows=tuple(
            (f"{n:02d}", name, sector, "UBND xã, thị trấn" if n == 1 else "")
            for n, (name, sector) in enumerate(REVIEWED, start=1)
        ),
        widths=(1, 6, 2.5, 2.5),
    )
    return ReportContent(
        letterhead=Letterhead(
            issuer="Ủy ban nhân dân huyện Trà Cú",
            number="112/BC-UBND",
            place="Trà Cú",
            day=date(2023, 3, 24),
        ),
        title="Báo cáo",
        subtitle=SUBTITLE,
        addressee="Kính gửi: Văn phòng Ủy ban nhân dân tỉnh.",
        intro=(INTRO,),
        blocks=(
            Block(
                "I. Tình hình, kết quả kiểm soát thủ tục hành chính (TTHC)",
                level=1,
            ),
            Block(
                "1. Đánh giá tác động TTHC quy định tại dự thảo văn bản quy phạm pháp luật",
                paragraphs=("- Số lượng TTHC đã được đánh giá tác động trong kỳ báo cáo: 00.",),
            ),
            Block(
                "4. Rà soát, đơn giản hóa TTHC",
                paragraphs=("Kết quả rà soát thủ tục nội bộ có 16 thủ tục, cụ thể:",),
                tables=(table,),
                charts=(Chart(title="Biểu đồ 1. Hồ sơ tiếp nhận theo kênh", png=qr_png("x")),),
                paragraphs_after=("Chỉ đạo các cơ quan chuyên môn rà soát TTHC <nội bộ>.",),
                provenance=PROVENANCE,
                computed=True,
            ),
        ),
        closing="Trên đây là báo cáo kết quả kiểm soát TTHC quý I năm 2023./.",
        recipients=RECIPIENTS,
        signature=Signature(
            position="Phó Chủ tịch", authority="KT. Chủ tịch", name="Tăng Thị Thắm"
        ),
        appendices=appendices,
    )


STATISTICS = Appendix(
    heading="PHỤ LỤC 2",
    subheading="BẢNG 2",
    title="THỐNG KÊ SỐ LIỆU VÀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2021",
    indicators=INDICATORS,
)
RESULTS = Appendix(heading="PHỤ LỤC 06b", title="Tình hình, kết quả giải quyết TTHC", form=FORM)


@pytest.fixture(scope="module")
def report():
    return quarterly_report(appendices=(STATISTICS, RESULTS))


@pytest.fixture(scope="module")
def docx(report):
    return render_docx(report)


@pytest.fixture(scope="module")
def preview(report):
    return render_html(report)


@pytest.fixture(scope="module")
def printable(report):
    return render_html(report, for_pdf=True)


def _all_paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def _paragraph(document, text):
    return next(p for p in _all_paragraphs(document) if p.text == text)


def _table_with(document, text):
    return next(t for t in document.tables if any(text in c.text for c in t._cells))


def test_docx_letterhead_has_issuer_number_national_title_and_dateline(docx):
    """A district officer downloads the quarterly report and finds the ND 30 letterhead."""
    letterhead = [cell.text for cell in Document(io.BytesIO(docx)).tables[0].rows[0].cells]
    assert "ỦY BAN NHÂN DÂN HUYỆN TRÀ CÚ" in letterhead[0]
    assert "Số: 112/BC-UBND" in letterhead[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in letterhead[1]
    assert "Độc lập - Tự do - Hạnh phúc" in letterhead[1]
    assert "Trà Cú, ngày 24 tháng 3 năm 2023" in letterhead[1]


def test_docx_title_subtitle_and_addressee_are_centred(docx):
    """The officer sees "BÁO CÁO", its summary line in bold and the Kính gửi line centred."""
    document = Document(io.BytesIO(docx))
    addressee = "Kính gửi: Văn phòng Ủy ban nhân dân tỉnh."
    for text, bold in (("BÁO CÁO", True), (SUBTITLE, True), (addressee, None)):
        paragraph = _paragraph(document, text)
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert paragraph.runs[0].bold == bold
    intro = _paragraph(document, INTRO)
    assert intro.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert intro.paragraph_format.first_line_indent is not None


def test_docx_blocks_print_headings_paragraphs_and_the_reviewed_procedures(docx):
    """The officer reads section I in capitals, its numbered parts in bold, the table of the
    16 reviewed internal procedures, and the paragraph that follows it."""
    document = Document(io.BytesIO(docx))
    level1 = _paragraph(document, "I. TÌNH HÌNH, KẾT QUẢ KIỂM SOÁT THỦ TỤC HÀNH CHÍNH (TTHC)")
    level2 = _paragraph(document, "4. Rà soát, đơn giản hóa TTHC")
    assert level1.runs[0].bold and level2.runs[0].bold
    texts = [p.text for p in document.paragraphs]
    assert texts.index("Kết quả rà soát thủ tục nội bộ có 16 thủ tục, cụ thể:") < texts.index(
        "Chỉ đạo các cơ quan chuyên môn rà soát TTHC <nội bộ>."
    )
    table = _table_with(document, "Tên thủ tục hành chính")
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["STT", "Tên thủ tục hành chính", "Lĩnh vực", "Cơ quan thực hiện"]
    assert len(rows) == 17
    assert rows[1] == [
        "01",
        "Thủ tục xin phê chuẩn kết quả bầu chủ tịch, phó chủ tịch UBND xã",
        "Nội vụ",
        "UBND xã, thị trấn",
    ]
    assert rows[16][0] == "16"
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    assert table.style.name == "Table Grid"  # bordered
    widths = [cell.width.mm for cell in table.rows[1].cells]
    assert widths[1] == pytest.approx(widths[0] * 6, rel=0.01)
    assert sum(widths) == pytest.approx(165, abs=1)


def test_docx_chart_is_a_picture_with_its_title_under(docx):
    """The officer sees the chart as a picture in the report with its title under it."""
    document = Document(io.BytesIO(docx))
    texts = [p.text for p in document.paragraphs]
    caption = texts.index("Biểu đồ 1. Hồ sơ tiếp nhận theo kênh")
    assert document.paragraphs[caption - 1]._p.xpath(".//pic:pic")
    assert len(document.inline_shapes) == 1


def test_docx_closes_with_recipients_and_signature(docx):
    """The officer finds "Nơi nhận:" bottom-left and the KT. CHỦ TỊCH block with the name."""
    text = docx_text(docx)
    for line in (
        "Trên đây là báo cáo kết quả kiểm soát TTHC quý I năm 2023./.",
        "Nơi nhận:",
        "- Như trên;",
        "- CT, các PCT. UBND huyện;",
        "- Lưu: VT.",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Tăng Thị Thắm",
    ):
        assert line in text.split("\n"), line


def test_docx_never_prints_the_provenance_or_the_badge(docx):
    """The provenance of computed figures helps the editor but never reaches paper."""
    text = docx_text(docx)
    assert PROVENANCE not in text
    assert "Số liệu tự động" not in text


def test_docx_is_a4_in_times_new_roman(docx):
    """The report prints on A4 in Times New Roman, as ND 30/2020 requires."""
    document = Document(io.BytesIO(docx))
    first = document.sections[0]
    assert first.orientation == WD_ORIENT.PORTRAIT
    assert (first.page_width.mm, first.page_height.mm) == (
        pytest.approx(210, abs=0.5),
        pytest.approx(297, abs=0.5),
    )
    runs = [run for p in _all_paragraphs(document) for run in p.runs if run.text.strip()]
    assert runs
    for run in runs:
        fonts = run._r.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:ascii")) == "Times New Roman", run.text
        assert fonts.get(qn("w:hAnsi")) == "Times New Roman", run.text
    body = _paragraph(document, INTRO).runs[0]
    assert body.font.size is None and document.styles["Normal"].font.size.pt in (13, 14)


def test_docx_statistics_appendix_has_its_heading_and_indicator_rows(docx):
    """The Home Affairs officer opens Phụ lục 2 – Bảng 2 on a new page and reads each
    indicator with its unit and value under the two-level header of the seed."""
    document = Document(io.BytesIO(docx))
    assert len(document.sections) == 3
    assert document.sections[1].start_type == WD_SECTION.NEW_PAGE
    assert document.sections[1].orientation == WD_ORIENT.PORTRAIT
    texts = [p.text for p in document.paragraphs]
    start = texts.index("PHỤ LỤC 2")
    assert texts[start + 1 : start + 3] == [
        "BẢNG 2",
        "THỐNG KÊ SỐ LIỆU VÀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2021",
    ]
    assert all(_paragraph(document, t).runs[0].bold for t in ("PHỤ LỤC 2", "BẢNG 2"))
    table = _table_with(document, "Chỉ tiêu thống kê")
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["STT", "Chỉ tiêu thống kê", *["Kết quả thống kê"] * 2, "Ghi chú"]
    assert rows[1] == ["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú"]
    assert ["", "Số hồ sơ TTHC do UBND cấp huyện tiếp nhận", "Hồ sơ", "10.248", ""] in rows
    assert [
        "",
        "Tỷ lệ hồ sơ TTHC do UBND cấp huyện tiếp nhận được giải quyết đúng hẹn",
        "%",
        "99,95",
        "10.243/10.248 hồ sơ",
    ] in rows
    heading = table.rows[2].cells
    assert heading[0].text == "I" and heading[1].paragraphs[0].runs[0].bold
    plain = next(row for row in table.rows if row.cells[3].text == "23")
    assert not plain.cells[1].paragraphs[0].runs[0].bold


def test_docx_results_form_is_a_landscape_13_column_table_with_totals(docx):
    """The provincial office receives Biểu 06b on a landscape page: the grouped header, the
    column numbers (1)…(13), the sector rows, "Tổng cộng" and the footnote in italics."""
    document = Document(io.BytesIO(docx))
    section = document.sections[2]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (section.page_width.mm, section.page_height.mm) == (
        pytest.approx(297, abs=0.5),
        pytest.approx(210, abs=0.5),
    )
    text = docx_text(docx)
    for line in (
        "PHỤ LỤC 06b",
        "Biểu số 06b/VPCP/KSTT",
        FORM.period_line,
        "Đơn vị báo cáo: UBND huyện Trà Cú",
        "Đơn vị nhận báo cáo: Văn phòng UBND tỉnh",
    ):
        assert line in text
    table = _table_with(document, "Số hồ sơ nhận giải quyết")
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert all(len(row) == 13 for row in rows)
    assert rows[0][2:6] == ["Số hồ sơ nhận giải quyết"] * 4
    assert rows[0][6:10] == ["Số hồ sơ đã giải quyết"] * 4
    assert rows[0][10:] == ["Số hồ sơ đang giải quyết"] * 3
    assert rows[1][:2] == ["STT", "Lĩnh vực, công việc giải quyết"]
    assert rows[1][2] == rows[1][6] == rows[1][10] == "Tổng số"
    assert rows[2] == [f"({n})" for n in range(1, 14)]
    assert rows[3] == ["I", "Cấp xã", *[""] * 11]
    assert table.rows[3].cells[1].paragraphs[0].runs[0].bold  # a group row
    assert rows[4] == list(FORM.rows[1])
    assert not table.rows[4].cells[1].paragraphs[0].runs[0].bold
    assert rows[-1] == ["Tổng cộng", "Tổng cộng", *FORM.total]
    assert table.rows[-1].cells[2].paragraphs[0].runs[0].bold
    footnote = _paragraph(document, FORM.footnote)
    assert footnote.runs[0].italic
    widths = sum(cell.width.mm for cell in table.rows[3].cells)
    assert widths == pytest.approx(297 - 45, abs=1)


def test_docx_rows_helper_sees_the_report_tables(docx):
    """The shared test helper reads the same cells (the 16 procedures, the indicators)."""
    rows = docx_rows(docx)
    assert any(row[:3] == ["16", REVIEWED[15][0], "Tài chính"] for row in rows)
    assert any("99,95" in row for row in rows)


def test_html_preview_shows_the_texts_with_badge_and_provenance(preview):
    """The officer previews the draft in the browser: same texts, and the computed block
    says where its figures come from."""
    for text in (
        "ỦY BAN NHÂN DÂN HUYỆN TRÀ CÚ",
        "Số: 112/BC-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Trà Cú, ngày 24 tháng 3 năm 2023",
        "BÁO CÁO",
        SUBTITLE,
        "Kính gửi: Văn phòng Ủy ban nhân dân tỉnh.",
        "I. TÌNH HÌNH, KẾT QUẢ KIỂM SOÁT THỦ TỤC HÀNH CHÍNH (TTHC)",
        REVIEWED[15][0],
        "Nơi nhận:",
        "- Lưu: VT.",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Tăng Thị Thắm",
        "PHỤ LỤC 2",
        "10.248",
        "99,95",
        "Tổng cộng",
        "(13)",
    ):
        assert text in preview, text
    assert '<p class="provenance">' + PROVENANCE + "</p>" in preview
    assert preview.count('class="badge"') == 1
    assert 'colspan="2"' in preview and 'rowspan="2"' in preview
    assert "data:image/png;base64," in preview
    assert "<!doctype" not in preview.lower()  # a fragment for the page that embeds it


def test_html_escapes_the_content(preview):
    """Text typed by an officer is shown as text, never as markup."""
    assert "rà soát TTHC &lt;nội bộ&gt;." in preview
    assert "<nội bộ>" not in preview


def test_html_for_pdf_is_a_full_page_without_provenance(printable):
    """The printable page carries the report but not the editor's badge and provenance."""
    assert printable.lstrip().lower().startswith("<!doctype html>")
    assert "Số: 112/BC-UBND" in printable and "99,95" in printable
    assert PROVENANCE not in printable
    assert 'class="badge"' not in printable
    assert 'class="sheet appendix landscape"' in printable


def _pdf_text(pdf: bytes) -> bytes:
    """The PDF's bytes plus its inflated streams (page dictionaries sit in object streams)."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            parts.append(zlib.decompressobj().decompress(pdf[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_pdf_has_portrait_report_and_landscape_form_pages(report):
    """The officer downloads the PDF: A4 portrait pages for the report and its statistics,
    an A4 landscape page for the 13-column form."""
    pdf = render_pdf(report)
    assert pdf.startswith(b"%PDF")
    boxes = [
        tuple(float(v) for v in box.split()[2:])
        for box in re.findall(rb"/MediaBox\s*\[\s*([\d.\s-]+)\]", _pdf_text(pdf))
    ]
    assert len(boxes) >= 3
    portrait = [box for box in boxes if box[0] < box[1]]
    landscape = [box for box in boxes if box[0] > box[1]]
    assert portrait and landscape
    assert portrait[0] == (pytest.approx(595.28, abs=0.5), pytest.approx(841.89, abs=0.5))
    assert landscape[0] == (pytest.approx(841.89, abs=0.5), pytest.approx(595.28, abs=0.5))


def test_report_without_appendix_has_no_extra_section():
    """A report with no appendix stays one portrait section."""
    document = Document(io.BytesIO(render_docx(quarterly_report())))
    assert len(document.sections) == 1


def test_form_with_a_short_row_is_refused():
    """A form row that lost a column is refused instead of shifting the figures."""
    broken = Appendix(
        heading="PHỤ LỤC 06b",
        title="x",
        form=DossierResultsForm(**{**FORM.__dict__, "rows": (FORM.rows[1][:12],)}),
    )
    with pytest.raises(ValueError, match="13"):
        render_docx(quarterly_report(appendices=(broken,)))
