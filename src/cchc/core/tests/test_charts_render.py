"""Report charts render server-side as PNG or SVG, in Vietnamese, the same every time."""

import re
import struct
from concurrent.futures import ThreadPoolExecutor

import pytest
from matplotlib import font_manager

from cchc.core import charts
from cchc.core.charts import VietnameseFormatter, bar_chart, line_chart

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TITLE = "Số hồ sơ tiếp nhận theo lĩnh vực năm 2023"
SECTORS = ["Hộ tịch", "Đất đai", "Tư pháp – chứng thực"]
RECEIVED = {"Trực tiếp": [26199, 1204, 880], "Trực tuyến": [5200, 400, 1000]}
MONTHS = ["Tháng 1", "Tháng 2", "Tháng 3"]
LATE_RATE = {"Huyện Trà Cú": [0.5, 1.25, 1.5]}


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


def _svg_texts(svg: bytes) -> list[str]:
    return re.findall(r"<text\b[^>]*>([^<]*)</text>", svg.decode("utf-8"))


def test_png_fits_an_a4_text_column():
    """A reform officer downloads a report with a bar chart that fits the A4 page width:
    16 × 8 cm at 150 dpi."""
    png = bar_chart(TITLE, SECTORS, RECEIVED)
    assert png.startswith(PNG_SIGNATURE)
    assert _png_size(png) == (int(16 / 2.54 * 150), int(8 / 2.54 * 150)) == (944, 472)
    stacked = bar_chart(TITLE, SECTORS, RECEIVED, stacked=True)
    assert _png_size(stacked) == (944, 472)
    assert stacked != png


def test_svg_keeps_vietnamese_text_and_number_format():
    """A reform officer reads a chart whose title keeps its diacritics and whose value axis
    says "25.000", never "25,000"."""
    texts = _svg_texts(bar_chart(TITLE, SECTORS, RECEIVED, fmt="svg", y_label="Hồ sơ"))
    assert TITLE in texts
    assert "Hồ sơ" in texts
    assert {"0", "5.000", "10.000", "25.000"} <= set(texts)
    assert {"Trực tiếp", "Trực tuyến"} <= set(texts)  # the legend


def test_thousands_ticks_use_dot_grouping():
    """A reform officer reads "1.000" on the axis of a chart of about a thousand dossiers."""
    texts = _svg_texts(line_chart("Hồ sơ", MONTHS, {"Tổng": [400, 1000, 1200]}, fmt="svg"))
    assert "1.000" in texts


def test_percent_ticks_use_decimal_comma():
    """A reform officer reads the late rate axis as "0,5%", "1%", "1,5%"."""
    svg = line_chart("Tỷ lệ hồ sơ trễ hạn", MONTHS, LATE_RATE, fmt="svg", percent=True)
    texts = _svg_texts(svg)
    assert "Tỷ lệ hồ sơ trễ hạn" in texts
    assert {"0%", "0,5%", "1%", "1,5%"} <= set(texts)
    assert not any(re.fullmatch(r"[\d.]*\.\d+%", text) for text in texts)
    assert "Huyện Trà Cú" not in texts  # one series: no legend


def test_formatter_writes_only_the_decimals_the_ticks_need():
    """A reform officer sees "15,5%" on an axis that needs one decimal, "26.199" on a count."""
    formatter = VietnameseFormatter(as_percent=True)
    formatter.set_locs([0, 5.5, 15.5])
    assert [formatter(value) for value in (0, 5.5, 15.5)] == ["0%", "5,5%", "15,5%"]
    counts = VietnameseFormatter()
    counts.set_locs([0, 0.25, 26199])
    assert counts(26199) == "26.199,00"
    counts.set_locs([0, 10000, 26199])
    assert counts(26199) == "26.199"


def test_same_input_gives_the_same_bytes():
    """A reform officer regenerates a report and its charts do not change for nothing."""
    for fmt in ("png", "svg"):
        first = line_chart("Tỷ lệ hồ sơ trễ hạn", MONTHS, LATE_RATE, fmt=fmt, percent=True)
        second = line_chart("Tỷ lệ hồ sơ trễ hạn", MONTHS, LATE_RATE, fmt=fmt, percent=True)
        assert first == second
    svg = bar_chart(TITLE, SECTORS, RECEIVED, fmt="svg")
    assert b"<dc:date>" not in svg


def test_charts_drawn_from_several_threads_are_identical():
    """Two reform officers download reports at the same moment and get the same charts."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: bar_chart(TITLE, SECTORS, RECEIVED, fmt="svg"), range(4)))
    assert len(set(results)) == 1


def test_empty_data_renders_a_no_data_note():
    """A reform officer opens the report of a period without dossiers and sees
    "Không có số liệu" instead of an error."""
    for draw in (bar_chart, line_chart):
        texts = _svg_texts(draw("Hồ sơ quý I", [], {}, fmt="svg"))
        assert charts.NO_DATA in texts
        assert "Hồ sơ quý I" in texts
        assert _png_size(draw("Hồ sơ quý I", [], {"Tổng": []})) == (944, 472)
    texts = _svg_texts(bar_chart("Hồ sơ quý I", SECTORS, {}, fmt="svg"))
    assert charts.NO_DATA in texts


def test_missing_values_leave_gaps_and_bad_shapes_are_refused():
    """A reform officer sees a gap where a unit did not report; a series that does not match
    the categories is a programming error, not a silent wrong chart."""
    png = line_chart("Tỷ lệ", MONTHS, {"Xã Đại An": [90.0, None, 95.5]}, percent=True)
    assert png.startswith(PNG_SIGNATURE)
    assert bar_chart("Hồ sơ", MONTHS, {"A": [1, None, 3], "B": [None, 2, 2]}, stacked=True)
    with pytest.raises(ValueError, match="2 values for 3 categories"):
        bar_chart("Hồ sơ", MONTHS, {"A": [1, 2]})
    with pytest.raises(ValueError, match="png or svg"):
        bar_chart("Hồ sơ", MONTHS, {"A": [1, 2, 3]}, fmt="pdf")


def test_text_is_set_in_liberation_serif():
    """A reform officer sees chart text in the same Times-like face as the report."""
    svg = bar_chart(TITLE, SECTORS, RECEIVED, fmt="svg").decode("utf-8")
    assert "font-family: 'Liberation Serif', 'DejaVu Serif'" in svg
    path = font_manager.findfont(
        font_manager.FontProperties(family="Liberation Serif"), fallback_to_default=False
    )
    assert "LiberationSerif" in path


UNITS = ["UBND xã Đắk Tô Re", "UBND thị trấn Đắk Rve"]
AREAS = ["1", "2", "3"]
SUB_INDICES = [[70.15, 100, None], [62.0, 55.5, 90.125]]


def test_heatmap_writes_vietnamese_numbers_in_its_cells():
    """A reform officer reads each unit's sub-index per area in its cell as "70,15", "100",
    "55,5", a missing one as "—", and the colour scale as "0", "20" … "100"."""
    texts = _svg_texts(charts.heatmap("Chỉ số thành phần năm 2021", UNITS, AREAS, SUB_INDICES,
                                      fmt="svg", x_label="Lĩnh vực"))  # fmt: skip
    assert {"70,15", "100", "—", "62", "55,5", "90,13"} <= set(texts)
    assert not any(re.fullmatch(r"\d+\.\d+", text) for text in texts)
    assert {"UBND xã Đắk Tô Re", "UBND thị trấn Đắk Rve", "Lĩnh vực"} <= set(texts)
    assert "Chỉ số thành phần năm 2021" in texts
    assert {"0", "20", "40", "100"} <= set(texts)


def test_heatmap_is_deterministic_and_fits_the_column_width():
    """A reform officer regenerates the results document and the heat map does not change;
    it keeps the A4 column width and grows taller only for a long list of units."""
    first = charts.heatmap("Chỉ số", UNITS, AREAS, SUB_INDICES)
    assert first.startswith(PNG_SIGNATURE)
    assert charts.heatmap("Chỉ số", UNITS, AREAS, SUB_INDICES) == first
    assert _png_size(first) == (944, 472)
    many = [f"UBND xã {n}" for n in range(20)]
    tall = charts.heatmap("Chỉ số", many, AREAS, [[80.0, 90.0, 100.0]] * 20)
    width, height = _png_size(tall)
    assert width == 944 and height > 472
    svg = charts.heatmap("Chỉ số", UNITS, AREAS, SUB_INDICES, fmt="svg")
    assert svg == charts.heatmap("Chỉ số", UNITS, AREAS, SUB_INDICES, fmt="svg")
    assert b"<dc:date>" not in svg


def test_heatmap_without_data_and_with_bad_shapes():
    """A reform officer opens a round without units and sees "Không có số liệu"; a grid that
    does not match its labels is a programming error."""
    assert charts.NO_DATA in _svg_texts(charts.heatmap("Chỉ số", [], AREAS, [], fmt="svg"))
    with pytest.raises(ValueError, match="2 values for 3 columns"):
        charts.heatmap("Chỉ số", UNITS, AREAS, [[1, 2, 3], [1, 2]])
    with pytest.raises(ValueError, match="1 rows of values for 2 rows"):
        charts.heatmap("Chỉ số", UNITS, AREAS, [[1, 2, 3]])
