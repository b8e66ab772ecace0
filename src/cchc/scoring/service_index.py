"""The real-time service index (Chỉ số 766, Quyết định 766/QĐ-TTg) as pure functions — no Django.

What is scored lives in a rule set held as data and versioned by date (`service_rules`, table
`ServiceRuleSet`, file `data/service_index_766_v1.json`): six groups of 100 points, each group
a list of indicators with a maximum, a *measure* (what gives the numerator and the
denominator), a scoring *method* with its thresholds, and what happens when there is nothing
to measure. This module only knows the measures by name (their wording is below) and turns
figures into points:

- ratio = numerator ÷ denominator (a fraction, kept exact);
- `proportional`: points = maximum × ratio;
- `threshold`: the ratio reaches `at` → `points` (the maximum by default); below it
  `otherwise`: a number of points, `proportional` (maximum × ratio) or `scaled`
  (maximum × ratio ÷ at, so the points rise to the maximum at the threshold);
- points have two decimals, half up; group points and the total are sums, never stored;
- an indicator without a figure ("Chưa có số liệu": nothing arose, nothing rated, nothing
  entered, a source nobody registered) follows its `when_empty`: `exclude` (the default: it
  earns nothing and leaves the maximum, as a non-applicable criterion of the reform index
  does), `zero` (0 points of its maximum) or `full` (the maximum);
- index = points ÷ the maximum that was counted × 100, two decimals — so units with and
  without, say, ratings compare fairly; ranking by index, ties share a rank.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from cchc.core import vnformat
from cchc.core.ranking import ranks
from cchc.core.text import fold

from . import index as reform_index

ZERO = Decimal(0)
ONE = Decimal(1)
CENT = Decimal("0.01")
HUNDRED = Decimal(100)

# -- methods and what an empty indicator earns ----------------------------------------------

PROPORTIONAL = "proportional"
THRESHOLD = "threshold"
METHODS = (PROPORTIONAL, THRESHOLD)
OTHERWISE_WORDS = ("proportional", "scaled")

EXCLUDE, EMPTY_ZERO, EMPTY_FULL = "exclude", "zero", "full"
WHEN_EMPTY = (EXCLUDE, EMPTY_ZERO, EMPTY_FULL)

NO_DATA = "Chưa có số liệu"

# -- measures ---------------------------------------------------------------------------------

COMPUTED, ENTERED, SOURCE = "computed", "entered", "source"


@dataclass(frozen=True)
class Measure:
    """What an indicator counts: its kind (computed from the records, entered by the
    province, or read from a registered source), the wording of its numerator and
    denominator, and where the figures come from."""

    kind: str
    numerator: str
    denominator: str
    provenance: str


MEASURES: dict[str, Measure] = {
    "procedures_published": Measure(
        COMPUTED,
        "Thủ tục có quyết định công bố",
        "Thủ tục đang áp dụng",
        "Thủ tục đang áp dụng (không gồm TTHC nội bộ) ở cấp của đơn vị có quyết định công bố "
        "ký đến hết kỳ (trong sổ quyết định công bố hoặc ghi trên thủ tục) ÷ thủ tục đang áp "
        "dụng, theo danh mục TTHC hiện tại. Việc niêm yết tại trụ sở và đăng trên Cơ sở dữ "
        "liệu quốc gia về TTHC không có trong dữ liệu của hệ thống.",
    ),
    "status_published": Measure(
        COMPUTED,
        "Hồ sơ tra cứu được tiến độ",
        "Hồ sơ mới tiếp nhận",
        "Hồ sơ mới tiếp nhận trong kỳ có mã hồ sơ — người dân tra cứu được trạng thái, tiến "
        "độ trên trang Tra cứu hồ sơ của cổng dịch vụ công — ÷ hồ sơ mới tiếp nhận trong kỳ.",
    ),
    "timeliness": Measure(
        COMPUTED,
        "Trước hạn, đúng hạn, đang giải quyết trong hạn",
        "Hồ sơ nhận giải quyết",
        "(Giải quyết trước hạn + đúng hạn — gồm hồ sơ rút trong kỳ và hồ sơ đang chờ bổ sung "
        "cuối kỳ — + đang giải quyết trong hạn) ÷ tổng số hồ sơ nhận giải quyết (mới tiếp "
        "nhận và kỳ trước chuyển qua), đúng quy tắc của biểu thống kê kết quả giải quyết "
        "TTHC, so với ngày hẹn trả ban đầu.",
    ),
    "procedures_online": Measure(
        COMPUTED,
        "Thủ tục có DVCTT",
        "Thủ tục đang áp dụng",
        "Thủ tục đang áp dụng (không gồm TTHC nội bộ) ở cấp của đơn vị có dịch vụ công trực "
        "tuyến toàn trình hoặc một phần ÷ thủ tục đang áp dụng, theo danh mục TTHC hiện tại.",
    ),
    "online_procedures_used": Measure(
        COMPUTED,
        "DVCTT có phát sinh hồ sơ trực tuyến",
        "Thủ tục có DVCTT",
        "Thủ tục có dịch vụ công trực tuyến có ít nhất một hồ sơ trực tuyến mới tiếp nhận "
        "trong kỳ ÷ thủ tục có dịch vụ công trực tuyến ở cấp của đơn vị.",
    ),
    "dossiers_online": Measure(
        COMPUTED,
        "Hồ sơ trực tuyến",
        "Hồ sơ mới tiếp nhận",
        "Hồ sơ mới tiếp nhận trực tuyến ÷ hồ sơ mới tiếp nhận trong kỳ (trực tiếp, trực "
        "tuyến, qua bưu chính), như cột (4) và (4) + (5) của biểu thống kê.",
    ),
    "fee_procedures_online": Measure(
        COMPUTED,
        "Thủ tục có phí thanh toán trực tuyến được",
        "Thủ tục có thu phí, lệ phí",
        "Thủ tục có thu phí, lệ phí cung cấp dịch vụ công trực tuyến toàn trình (thanh toán "
        "phí, lệ phí trực tuyến được) ÷ thủ tục đang áp dụng có thu phí, lệ phí ở cấp của đơn "
        "vị, theo danh mục TTHC hiện tại. Danh mục không ghi riêng việc kết nối thanh toán.",
    ),
    "fee_dossiers_paid_online": Measure(
        COMPUTED,
        "Hồ sơ thanh toán trực tuyến",
        "Hồ sơ có phí, lệ phí",
        "Hồ sơ mới tiếp nhận trong kỳ của thủ tục có thu phí, lệ phí đã thanh toán trực "
        "tuyến ÷ hồ sơ mới tiếp nhận của thủ tục có thu phí, lệ phí.",
    ),
    "e_results": Measure(
        COMPUTED,
        "Hồ sơ có kết quả điện tử",
        "Hồ sơ đã có kết quả",
        "Hồ sơ có kết quả giải quyết trong kỳ (đã xử lý xong hoặc đã trả kết quả) được cấp "
        "kết quả điện tử ÷ hồ sơ có kết quả giải quyết trong kỳ.",
    ),
    "dossiers_digitised": Measure(
        COMPUTED,
        "Hồ sơ đã số hóa",
        "Hồ sơ mới tiếp nhận",
        "Hồ sơ mới tiếp nhận trong kỳ đã số hóa thành phần (đánh dấu số hóa khi tiếp nhận, "
        "có thành phần được số hóa hoặc nộp bản điện tử) ÷ hồ sơ mới tiếp nhận trong kỳ.",
    ),
    "data_reused": Measure(
        COMPUTED,
        "Hồ sơ tái sử dụng dữ liệu số",
        "Hồ sơ mới tiếp nhận",
        "Hồ sơ mới tiếp nhận trong kỳ có thành phần lấy lại từ dữ liệu đã số hóa (kho dữ "
        "liệu của công dân, cơ sở dữ liệu quốc gia) ÷ hồ sơ mới tiếp nhận trong kỳ.",
    ),
    "entered": Measure(
        ENTERED,
        "Tử số do tỉnh nhập",
        "Mẫu số do tỉnh nhập",
        "Số liệu do tỉnh nhập theo từng đơn vị và tháng (hệ thống không có dữ liệu để tính).",
    ),
    "source": Measure(
        SOURCE,
        "Tử số",
        "Mẫu số",
        "Số liệu từ nguồn đã đăng ký trên hệ thống.",
    ),
}


# -- the rule set ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    max: Decimal
    measure: str
    method: str = PROPORTIONAL
    params: Mapping = field(default_factory=dict)
    when_empty: str = EXCLUDE
    note: str = ""
    # For the `source` measure: the source name (reporting.sources) and the keys of its
    # `parts` that hold the numerator and the denominator.
    source: str = ""
    numerator_key: str = ""
    denominator_key: str = ""

    @property
    def measure_info(self) -> Measure:
        return MEASURES[self.measure]

    @property
    def method_text(self) -> str:
        return describe_method(self)


@dataclass(frozen=True)
class Group:
    code: str
    name: str
    max: Decimal
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class RuleSet:
    code: str
    version: int
    valid_from: date
    name: str
    legal_basis: str
    max: Decimal
    groups: tuple[Group, ...]
    notes: str = ""

    def indicators(self) -> list[Indicator]:
        return [item for group in self.groups for item in group.indicators]

    @property
    def label(self) -> str:
        return f"{self.name} — phiên bản {self.version}, áp dụng từ {self.valid_from:%d/%m/%Y}"


# -- figures and results ---------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """The numerator and denominator of one indicator for one unit and period. `missing`
    says why there is no figure at all (None values); `provenance` adds what the reader was
    told by a source."""

    numerator: Decimal | int | None = None
    denominator: Decimal | int | None = None
    missing: str = ""
    provenance: str = ""

    @property
    def present(self) -> bool:
        return self.numerator is not None and bool(self.denominator)


@dataclass(frozen=True)
class IndicatorResult:
    rule: Indicator
    figure: Figure
    ratio: Decimal | None  # a fraction, exact; None without a figure
    points: Decimal | None  # None: not counted (excluded)
    counted_max: Decimal  # the rule's maximum, or 0 when excluded

    @property
    def has_data(self) -> bool:
        return self.ratio is not None

    @property
    def percent(self) -> Decimal | None:
        if self.ratio is None:
            return None
        return (self.ratio * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def empty_reason(self) -> str:
        if self.has_data:
            return ""
        if self.figure.missing:
            return self.figure.missing
        return "Không phát sinh trong kỳ (mẫu số bằng 0)."

    @property
    def empty_rule(self) -> str:
        return EMPTY_TEXT[self.rule.when_empty]

    @property
    def provenance(self) -> str:
        parts = [self.rule.measure_info.provenance]
        if self.figure.provenance:
            parts.append(self.figure.provenance)
        if self.rule.note:
            parts.append(self.rule.note)
        return " ".join(parts)


@dataclass(frozen=True)
class GroupResult:
    rule: Group
    indicators: tuple[IndicatorResult, ...]

    @property
    def points(self) -> Decimal:
        return sum((i.points or ZERO for i in self.indicators), ZERO)

    @property
    def max(self) -> Decimal:
        """The maximum that was counted (excluded indicators leave it)."""
        return sum((i.counted_max for i in self.indicators), ZERO)

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def name(self) -> str:
        return self.rule.name


@dataclass
class ServiceResult:
    key: object  # the caller's handle (a unit)
    name: str
    rules: RuleSet
    groups: tuple[GroupResult, ...]
    rank: int | None = None

    @property
    def points(self) -> Decimal:
        return sum((g.points for g in self.groups), ZERO)

    @property
    def max(self) -> Decimal:
        return sum((g.max for g in self.groups), ZERO)

    @property
    def index(self) -> Decimal | None:
        return reform_index.index_of(self.points, self.max)

    @property
    def nominal_max(self) -> Decimal:
        return self.rules.max

    @property
    def excluded(self) -> list[IndicatorResult]:
        """Indicators without a figure that left the maximum."""
        return [
            i for g in self.groups for i in g.indicators if not i.has_data and not i.counted_max
        ]

    def indicator(self, code: str) -> IndicatorResult:
        for group in self.groups:
            for item in group.indicators:
                if item.rule.code == code:
                    return item
        raise KeyError(code)

    def group(self, code: str) -> GroupResult:
        for group in self.groups:
            if group.rule.code == code:
                return group
        raise KeyError(code)


# -- scoring ---------------------------------------------------------------------------------


def points_of(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def ratio_of(figure: Figure) -> Decimal | None:
    if not figure.present:
        return None
    return Decimal(figure.numerator) / Decimal(figure.denominator)


def score(rule: Indicator, ratio: Decimal) -> Decimal:
    """The points a ratio earns under the rule's method (the ratio is capped to 0…1)."""
    ratio = min(max(ratio, ZERO), ONE)
    top = rule.max
    if rule.method == PROPORTIONAL:
        return points_of(top * ratio)
    if rule.method == THRESHOLD:
        params = rule.params
        at = Decimal(str(params.get("at", 1)))
        if ratio >= at:
            return points_of(Decimal(str(params.get("points", top))))
        otherwise = params.get("otherwise", 0)
        if otherwise == "proportional":
            return points_of(top * ratio)
        if otherwise == "scaled":
            return points_of(top * ratio / at) if at else top
        return points_of(Decimal(str(otherwise)))
    raise ValueError(f"unknown method {rule.method!r}")


def evaluate_indicator(rule: Indicator, figure: Figure) -> IndicatorResult:
    ratio = ratio_of(figure)
    if ratio is not None:
        return IndicatorResult(rule, figure, ratio, score(rule, ratio), rule.max)
    if rule.when_empty == EMPTY_ZERO:
        return IndicatorResult(rule, figure, None, ZERO, rule.max)
    if rule.when_empty == EMPTY_FULL:
        return IndicatorResult(rule, figure, None, rule.max, rule.max)
    return IndicatorResult(rule, figure, None, None, ZERO)


def evaluate(key, name: str, rules: RuleSet, figures: Mapping[str, Figure]) -> ServiceResult:
    """One unit's index for one period: `figures` by indicator code (a missing code is an
    indicator without a figure)."""
    groups = tuple(
        GroupResult(
            group,
            tuple(
                evaluate_indicator(item, figures.get(item.code, Figure()))
                for item in group.indicators
            ),
        )
        for group in rules.groups
    )
    return ServiceResult(key, name, rules, groups)


def rank(results: list[ServiceResult]) -> list[ServiceResult]:
    """Set `rank` on each result and return them best index first; ties share a rank
    (1, 2, 2, 4) and are listed in Vietnamese alphabetical order; no index, no rank."""
    positions = ranks([(id(r), r.index) for r in results])
    for result in results:
        result.rank = positions[id(result)]
    return sorted(results, key=lambda r: (r.rank is None, r.rank or 0, fold(r.name)))


# -- words -------------------------------------------------------------------------------------

EMPTY_TEXT = {
    EXCLUDE: "không tính vào điểm tối đa",
    EMPTY_ZERO: "được 0 điểm",
    EMPTY_FULL: "được điểm tối đa",
}


def _pct(fraction) -> str:
    return vnformat.percent(Decimal(str(fraction)) * HUNDRED, 2)


def _pts(value) -> str:
    return vnformat.trimmed(Decimal(str(value)))


def describe_method(rule: Indicator) -> str:
    """The scoring rule in words: "Tỷ lệ ≥ 80%: 2 điểm; dưới 80%: 1,6 điểm"."""
    if rule.method == PROPORTIONAL:
        return f"Điểm = {_pts(rule.max)} × tỷ lệ"
    if rule.method == THRESHOLD:
        params = rule.params
        at = params.get("at", 1)
        top = params.get("points", rule.max)
        otherwise = params.get("otherwise", 0)
        if otherwise == "proportional":
            below = f"{_pts(rule.max)} × tỷ lệ"
        elif otherwise == "scaled":
            below = f"{_pts(rule.max)} × tỷ lệ ÷ {_pct(at)}"
        else:
            below = f"{_pts(otherwise)} điểm"
        return f"Tỷ lệ ≥ {_pct(at)}: {_pts(top)} điểm; dưới {_pct(at)}: {below}"
    return rule.method


def period_points(results: Sequence[ServiceResult | None]) -> list[float | None]:
    """Indices as plain numbers for a chart (None where there is no result or index)."""
    return [None if r is None or r.index is None else float(r.index) for r in results]
