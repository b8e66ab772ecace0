"""Server-side charts for reports (matplotlib), as PNG or SVG bytes.

Charts go into PDF and DOCX reports and into pages, so they are sized for an A4 text column
(16 × 8 cm, PNG at 150 dpi), drawn in Liberation Serif (the Times New Roman look-alike, with
Vietnamese glyphs; DejaVu Serif as fallback) and label the value axis the Vietnamese way
("26.199", "15,5%"). The same input always gives the same bytes (no dates in the metadata, a
fixed SVG hash salt), so a regenerated report does not change for nothing.

Only ``matplotlib.figure.Figure`` and the Agg canvas are used, never pyplot and its global
figure state. matplotlib's settings (rcParams) are process-wide, so each chart is drawn under
a lock inside ``rc_context``: safe from several request threads at once.

No Django imports; values arrive as plain numbers (percentages already multiplied by 100,
as in ``cchc.core.vnformat.percent``). ``None`` is a missing value: no bar, a gap in a line.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
import threading
from collections.abc import Mapping, Sequence
from typing import Literal

import matplotlib
import numpy
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter, MaxNLocator

from cchc.core import vnformat

Format = Literal["png", "svg"]

FONT_FAMILY = "Liberation Serif"
FALLBACK_FONT_FAMILY = "DejaVu Serif"
SIZE_CM = (16, 8)
DPI = 150
NO_DATA = "Không có số liệu"
# A fixed palette that stays distinguishable in greyscale print (dark blue, orange, green, …).
COLORS = ("#1f4e79", "#e07b00", "#2e7d32", "#b71c1c", "#6a1b9a", "#5d4037", "#00838f")

_RC = {
    "font.family": [FONT_FAMILY, FALLBACK_FONT_FAMILY],
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.fontsize": 9,
    "svg.fonttype": "none",
    "svg.hashsalt": "cchc",
    "path.simplify": True,
    "text.parse_math": False,  # "$" in an office name is text, not a formula
}
_PNG_METADATA = {"Software": None}
_SVG_METADATA = {"Date": None, "Creator": None}
_LOCK = threading.Lock()
_font_checked = False


class VietnameseFormatter(Formatter):
    """Tick labels as "1.000", "2,5" or "15,5%", with as few decimals as the ticks need."""

    def __init__(self, *, as_percent: bool = False):
        self.as_percent = as_percent
        self.decimals = 0

    def set_locs(self, locs):
        super().set_locs(locs)
        self.decimals = _decimals_needed(locs)

    def __call__(self, value, pos=None):
        if self.as_percent:
            return vnformat.percent(value, self.decimals)
        return vnformat.number(value, self.decimals)


def _decimals_needed(values, limit: int = 4) -> int:
    """The fewest decimals that write every tick value exactly (0.25 steps need 2)."""
    finite = [value for value in values if math.isfinite(value)]
    for decimals in range(limit + 1):
        if all(abs(round(value, decimals) - value) < 1e-9 for value in finite):
            return decimals
    return limit


def _ensure_font() -> None:
    """matplotlib caches the system font list on first use; when fonts-liberation2 arrived
    after that (`make fonts` on an existing venv), register its files directly."""
    global _font_checked
    if _font_checked:
        return
    _font_checked = True
    try:
        font_manager.findfont(
            font_manager.FontProperties(family=FONT_FAMILY), fallback_to_default=False
        )
    except ValueError:
        for path in font_manager.findSystemFonts(fontext="ttf"):
            if "LiberationSerif" in path.rsplit("/", 1)[-1]:
                font_manager.fontManager.addfont(path)


def _values(sequence: Sequence[float | None]) -> list[float]:
    return [math.nan if value is None else float(value) for value in sequence]


def _check(categories: Sequence[str], series: Mapping[str, Sequence[float | None]]) -> None:
    for name, values in series.items():
        if len(values) != len(categories):
            raise ValueError(
                f"series {name!r} has {len(values)} values for {len(categories)} categories"
            )


def _label(text: str, width: int = 16) -> str:
    """Long unit or sector names wrap onto short lines under their bar."""
    return textwrap.fill(str(text), width) or " "


def _new_figure(title: str) -> tuple[Figure, object]:
    figure = Figure(figsize=(SIZE_CM[0] / 2.54, SIZE_CM[1] / 2.54), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_title(textwrap.fill(title, 90))
    return figure, axes


def _value_axis(axes, values: Sequence[float], *, y_label: str, as_percent: bool) -> None:
    """Vietnamese tick labels; counts and rates start at 0 (an all-zero chart shows 0–1)."""
    finite = [value for value in values if not math.isnan(value)]
    if not finite or min(finite) >= 0:
        axes.set_ylim(bottom=0)
        if axes.get_ylim()[1] <= 0:
            axes.set_ylim(0, 1)
    # Counts never get fractional ticks ("0,2 hồ sơ"); rates may.
    axes.yaxis.set_major_locator(
        MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10], integer=not as_percent)
    )
    axes.yaxis.set_major_formatter(VietnameseFormatter(as_percent=as_percent))
    axes.grid(axis="y", color="#d0d0d0", linewidth=0.6)
    axes.set_axisbelow(True)
    if y_label:
        axes.set_ylabel(y_label)


def _no_data(axes) -> None:
    axes.set_xticks([])
    axes.set_yticks([])
    for spine in axes.spines.values():
        spine.set_visible(False)
    axes.text(
        0.5,
        0.5,
        NO_DATA,
        transform=axes.transAxes,
        ha="center",
        va="center",
        fontsize=11,
        style="italic",
        color="#555555",
    )


def _legend(figure, axes, count: int) -> None:
    if count > 1:
        figure.legend(
            *axes.get_legend_handles_labels(),
            loc="outside lower center",
            ncols=min(count, 4),
            frameon=False,
        )


def _to_bytes(figure: Figure, fmt: Format) -> bytes:
    if fmt not in ("png", "svg"):
        raise ValueError(f"unknown chart format {fmt!r} (png or svg)")
    buffer = io.BytesIO()
    metadata = _PNG_METADATA if fmt == "png" else _SVG_METADATA
    figure.savefig(buffer, format=fmt, dpi=DPI, metadata=metadata)
    return buffer.getvalue()


def bar_chart(
    title: str,
    categories: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    stacked: bool = False,
    fmt: Format = "png",
    y_label: str = "",
    percent: bool = False,
) -> bytes:
    """Bars per category, one colour per series, side by side or ``stacked``."""
    _check(categories, series)
    with _LOCK, matplotlib.rc_context(_RC):
        _ensure_font()
        figure, axes = _new_figure(title)
        if not categories or not series:
            _no_data(axes)
            return _to_bytes(figure, fmt)
        positions = list(range(len(categories)))
        count = len(series)
        width = 0.7 if stacked else 0.8 / count
        bottoms = [0.0] * len(categories)
        drawn: list[float] = []
        for index, (name, raw) in enumerate(series.items()):
            values = _values(raw)
            drawn.extend(values)
            color = COLORS[index % len(COLORS)]
            if stacked:
                axes.bar(positions, values, width, bottom=bottoms, label=name, color=color)
                bottoms = [
                    bottom + (0 if math.isnan(value) else value)
                    for bottom, value in zip(bottoms, values, strict=True)
                ]
            else:
                offset = (index - (count - 1) / 2) * width
                axes.bar(
                    [position + offset for position in positions],
                    values,
                    width,
                    label=name,
                    color=color,
                )
        # Narrower lines when many bars share the width, so neighbouring labels do not meet.
        width = max(7, min(16, 100 // len(categories)))
        axes.set_xticks(positions, [_label(category, width) for category in categories])
        axes.tick_params(axis="x", length=0)
        _value_axis(axes, drawn + bottoms, y_label=y_label, as_percent=percent)
        _legend(figure, axes, count)
        return _to_bytes(figure, fmt)


def line_chart(
    title: str,
    categories: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    fmt: Format = "png",
    y_label: str = "",
    percent: bool = False,
) -> bytes:
    """One line with markers per series over the categories (months, quarters, years)."""
    _check(categories, series)
    with _LOCK, matplotlib.rc_context(_RC):
        _ensure_font()
        figure, axes = _new_figure(title)
        if not categories or not series:
            _no_data(axes)
            return _to_bytes(figure, fmt)
        positions = list(range(len(categories)))
        drawn: list[float] = []
        for index, (name, raw) in enumerate(series.items()):
            values = _values(raw)
            drawn.extend(values)
            axes.plot(
                positions,
                values,
                marker="o",
                markersize=4,
                linewidth=1.6,
                label=name,
                color=COLORS[index % len(COLORS)],
            )
        axes.set_xticks(positions, [_label(category) for category in categories])
        # Every category keeps its place even when a series has no value there (None).
        axes.set_xlim(-0.5, len(categories) - 0.5)
        _value_axis(axes, drawn, y_label=y_label, as_percent=percent)
        _legend(figure, axes, len(series))
        return _to_bytes(figure, fmt)


# A sequential map whose lightness falls steadily (readable in greyscale print): light yellow
# for low values, dark blue for high ones.
HEATMAP_CMAP = "YlGnBu"
HEATMAP_MISSING = "#eeeeee"
HEATMAP_MAX_HEIGHT_CM = 22


def _heatmap_height_cm(rows: int) -> float:
    """8 cm like the other charts, taller for a long list of units (a row ~0,6 cm)."""
    return min(max(SIZE_CM[1], 3 + 0.6 * rows), HEATMAP_MAX_HEIGHT_CM)


def _text_color(rgba) -> str:
    """Black on light cells, white on dark ones (relative luminance)."""
    red, green, blue = rgba[:3]
    return "#000000" if 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.5 else "#ffffff"


def heatmap(
    title: str,
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[float | None]],
    *,
    fmt: Format = "png",
    decimals: int = 2,
    vmin: float | None = 0,
    vmax: float | None = 100,
    x_label: str = "",
    y_label: str = "",
    legend_label: str = "",
) -> bytes:
    """A grid of coloured cells (``rows`` × ``columns``) with each value written in its cell
    the Vietnamese way ("84,74", trailing zeros dropped), e.g. units × areas of the reform
    index. ``None`` is a missing value: a grey cell marked "—". The colour scale runs from
    ``vmin`` to ``vmax`` (None: the data's own minimum or maximum) and its bar is labelled
    like the value axes ("50", "62,5")."""
    if len(values) != len(rows):
        raise ValueError(f"heat map has {len(values)} rows of values for {len(rows)} rows")
    for index, line in enumerate(values):
        if len(line) != len(columns):
            raise ValueError(
                f"heat map row {index + 1} has {len(line)} values for {len(columns)} columns"
            )
    with _LOCK, matplotlib.rc_context(_RC):
        _ensure_font()
        figure = Figure(
            figsize=(SIZE_CM[0] / 2.54, _heatmap_height_cm(len(rows)) / 2.54),
            dpi=DPI,
            layout="constrained",
        )
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        axes.set_title(textwrap.fill(title, 90))
        if not rows or not columns:
            _no_data(axes)
            return _to_bytes(figure, fmt)
        grid = [_values(line) for line in values]
        finite = [value for line in grid for value in line if not math.isnan(value)]
        low = vmin if vmin is not None else (min(finite) if finite else 0.0)
        high = vmax if vmax is not None else (max(finite) if finite else 1.0)
        if high <= low:
            high = low + 1
        cmap = matplotlib.colormaps[HEATMAP_CMAP].with_extremes(bad=HEATMAP_MISSING)
        image = axes.imshow(
            numpy.ma.masked_invalid(numpy.array(grid, dtype=float)),
            cmap=cmap,
            vmin=low,
            vmax=high,
            aspect="auto",
            interpolation="nearest",
        )
        for r, line in enumerate(grid):
            for c, value in enumerate(line):
                missing = math.isnan(value)
                axes.text(
                    c,
                    r,
                    "—" if missing else vnformat.trimmed(value, decimals),
                    ha="center",
                    va="center",
                    fontsize=7 if len(columns) > 8 else 8,
                    color="#555555" if missing else _text_color(image.cmap(image.norm(value))),
                )
        axes.set_xticks(range(len(columns)), [_label(column, 12) for column in columns])
        axes.set_yticks(range(len(rows)), [_label(row, 28) for row in rows])
        axes.tick_params(length=0)
        for spine in axes.spines.values():
            spine.set_visible(False)
        if x_label:
            axes.set_xlabel(x_label)
        if y_label:
            axes.set_ylabel(y_label)
        bar = figure.colorbar(image, ax=axes, fraction=0.04, pad=0.02)
        bar.ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
        bar.ax.yaxis.set_major_formatter(VietnameseFormatter())
        bar.outline.set_visible(False)
        if legend_label:
            bar.set_label(legend_label)
        return _to_bytes(figure, fmt)


_SVG_START = re.compile(rb"<svg[\s>]")
_SVG_IDS = re.compile(r'(\bid="|url\(#|href="#)')


def inline_svg(svg: bytes, prefix: str) -> str:
    """An SVG chart without its XML prolog, ready to sit in a page; its ids get `prefix` so
    that several charts on one page do not share ids. The text is drawn by matplotlib from
    our own numbers and labels, which it escapes as SVG text."""
    start = _SVG_START.search(svg)
    if start is None:
        return ""
    text = svg[start.start() :].decode("utf-8")
    return _SVG_IDS.sub(lambda match: match.group(1) + prefix, text)
