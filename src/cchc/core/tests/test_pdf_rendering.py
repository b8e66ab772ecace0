"""Reports download as PDF on A4 in Times New Roman with Vietnamese glyphs (WeasyPrint)."""

import logging
import re
import zlib

import pytest
from weasyprint import CSS, HTML

from cchc.core.pdf import OFFICIAL_PAGE_CSS, html_to_pdf

REPORT = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Báo cáo</title></head><body>
<h1>Báo cáo kết quả giải quyết thủ tục hành chính</h1>
<p>Trà Cú, ngày 24 tháng 3 năm 2023</p>
<table>
  <thead><tr><th>Lĩnh vực</th><th>Số hồ sơ tiếp nhận</th><th>Tỷ lệ đúng hạn</th></tr></thead>
  <tbody>
    <tr><td>Hộ tịch</td><td class="number">26.199</td><td class="number">98,5%</td></tr>
    <tr><td>Đất đai</td><td class="number">1.204</td><td class="number">87,25%</td></tr>
  </tbody>
</table>
<p>Ủy ban nhân dân huyện đề nghị các cơ quan, đơn vị tiếp tục thực hiện.</p>
</body></html>"""

A4_PT = (595.28, 841.89)
CSS_PX_PER_MM = 96 / 25.4


@pytest.fixture(scope="module")
def pdf():
    return html_to_pdf(REPORT)


def _pdf_text(pdf: bytes) -> bytes:
    """The PDF's own bytes plus every Flate stream inflated: WeasyPrint packs page and font
    dictionaries into compressed object streams."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            parts.append(zlib.decompressobj().decompress(pdf[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_pdf_bytes_are_a_pdf_file(pdf):
    """A reform officer downloads a report as PDF and the browser opens it as a PDF."""
    assert pdf.startswith(b"%PDF")
    assert pdf.rstrip().endswith(b"%%EOF")


def test_page_is_a4_portrait(pdf):
    """A reform officer downloads a report as PDF and prints it on A4 paper, upright."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.\s-]+)\]", _pdf_text(pdf))
    assert boxes
    for box in boxes:
        x0, y0, width, height = (float(value) for value in box.split())
        assert (x0, y0) == (0, 0)
        assert width == pytest.approx(A4_PT[0], abs=0.5)
        assert height == pytest.approx(A4_PT[1], abs=0.5)


def test_margins_follow_decree_30():
    """A reform officer downloads a report as PDF and its margins are those of Nghị định 30:
    top and bottom 20 mm, left 30 mm, right 15 mm."""
    page = HTML(string=REPORT).render(stylesheets=[CSS(string=OFFICIAL_PAGE_CSS)]).pages[0]
    assert page.width == pytest.approx(210 * CSS_PX_PER_MM, abs=1)
    assert page.height == pytest.approx(297 * CSS_PX_PER_MM, abs=1)
    box = page._page_box
    margins_mm = [
        round(value / CSS_PX_PER_MM, 1)
        for value in (box.margin_top, box.margin_bottom, box.margin_left, box.margin_right)
    ]
    assert margins_mm == [20, 20, 30, 15]


def test_embedded_font_is_times_new_roman_compatible_not_a_fallback(pdf):
    """A reform officer downloads a report as PDF and reads "Báo cáo kết quả … ngày 24 tháng 3
    năm 2023" in a Times New Roman look-alike, every diacritic in the same face."""
    names = {
        name.split(b"+", 1)[-1].decode()
        for name in re.findall(rb"/BaseFont\s*/([^\s/<>\[\]()]+)", _pdf_text(pdf))
    }
    assert names
    assert all(
        name.startswith(("LiberationSerif", "Liberation-Serif", "Tinos")) for name in names
    ), names
    assert not any("DejaVu" in name for name in names)


def test_extra_stylesheets_override_the_default_page():
    """A reform officer downloads a wide statistics table as a landscape PDF."""
    pdf = html_to_pdf(REPORT, stylesheets=["@page { size: A4 landscape; }"])
    width, height = (
        float(value)
        for value in re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", _pdf_text(pdf)).groups()
    )
    assert (round(width), round(height)) == (842, 595)


def test_remote_resources_are_never_fetched(caplog):
    """A reform officer downloads a report as PDF on a server without internet; a stray remote
    image is skipped instead of being requested."""
    page = REPORT.replace("</body>", '<img src="http://127.0.0.1:9/logo.png"></body>')
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        assert html_to_pdf(page).startswith(b"%PDF")
    assert "disallowed protocol" in caplog.text
