"""The responsibility analysis report (index.md §1, workflow step 5; seed 002): "BÁO CÁO Đánh
giá, phân tích và làm rõ nguyên nhân, trách nhiệm của các cơ quan, đơn vị làm ảnh hưởng đến
Chỉ số cải cách hành chính năm … ; nhiệm vụ, giải pháp chủ yếu cần thực hiện".

`build_content(report)` reads one `ResponsibilityReport` and the scores behind it and returns a
`ResponsibilityContent` (plain data: every sentence already worded, with its bold and italic
runs); `render_docx`, `render_html` (on-page preview, or a full page for `render_pdf`) only lay
that content out, so the three print the same texts in the same order.

The structure and wording are the seed's:

- letterhead, "BÁO CÁO", the subtitle, the "Căn cứ …" paragraphs (the report's own, else the
  decisions issuing the criteria sets of the round and of the subordinate round), the intro;
- I. per area "1. Công tác chỉ đạo, điều hành cải cách hành chính: UBND huyện đạt 19,49/23
  điểm; tiêu chí, tiêu chí thành phần bị mất điểm, cụ thể:" (or "… đạt được 9/9 điểm."), then
  per leaf that lost points "- Tiêu chí thành phần 1.2.1 về …: UBND huyện đạt 0/0,25 điểm,
  nguyên nhân: …" and "* Trách nhiệm thuộc về: …";
- II. (with a subordinate round) per unit in ranking order its total, index, grade, rank and
  one line per area; a stated total that disagrees with its parts is pointed out, not used;
- III. per area the tasks and the host offices (the report's own, else defaults built from
  the lost leaves);
- IV. the organisation of implementation with the deadline "trước ngày 12/8/2022";
- the closing "…/.", "Nơi nhận:" and the signature block.

Every figure comes from `queries.results_of` (derived from the leaf scores, never typed) and
prints with `vnformat.trimmed` ("19,49", "95", "0,25").

Reason of a lost leaf, first non-blank of: the analysis' own reason (`Score.loss_reason`), the
appraisal council's reason, the provenance of the computed value, the unit's own note.
Responsible, first non-blank of: the analysis' own (`Score.responsible`), the criterion's
`responsible_text`, the unit's office whose code is the criterion's `responsible` ("Phòng Nội
vụ huyện Thạnh Trị"); none: the line is left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.template.loader import render_to_string

from cchc.core import documents as layout
from cchc.core import vnformat
from cchc.core.documents import JUSTIFY, Letterhead, Signature, add_paragraph, style_run
from cchc.core.pdf import html_to_pdf
from cchc.dossiers.printing import place_of
from cchc.units.models import Office, Unit

from . import index
from .models import AssessmentRound, CriteriaSet, Criterion, ResponsibilityReport, Score
from .queries import RoundResults, lost_leaves, results_of
from .results_documents import issuer_name, node_kind, points_text

TEMPLATE = "scoring/documents/responsibility.html"
TITLE = "BÁO CÁO"
SUBTITLE = (
    "Đánh giá, phân tích và làm rõ nguyên nhân, trách nhiệm của các cơ quan, đơn vị làm ảnh "
    "hưởng đến Chỉ số cải cách hành chính năm {year} của {level}; nhiệm vụ, giải pháp chủ yếu "
    "cần thực hiện"
)
ROMAN = ("I", "II", "III", "IV", "V")
KEEP_GOING = "Tiếp tục duy trì, phát huy kết quả đạt được."
NOT_SCORED = "Chưa có điểm chấm"
COORDINATOR_CODES = ("NOIVU",)
COORDINATOR_FALLBACK = "cơ quan tham mưu công tác cải cách hành chính"
COLLECTIVE_AUTHORITY = "TM. ỦY BAN NHÂN DÂN"
BODY_SIZE = 13
INDENT_MM = 10

# Administrative levels as unit names print them ("UBND thị trấn Đắk Rve"), in the order the
# documents list them ("UBND các xã, phường, thị trấn").
LEVELS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn", "đặc khu")
_COMMITTEE = re.compile(r"^(UBND|Ủy ban nhân dân|ỦY BAN NHÂN DÂN)\s+(?P<rest>.+)$")
_DEADLINE = re.compile(r"trước ngày \d{1,2}/\d{1,2}/\d{4}")
_END = (".", ";", ":", "!", "?", "…")


# ---------------------------------------------------------------------------- content


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Line:
    """One paragraph of the body, as runs."""

    spans: tuple[Span, ...]

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)

    @classmethod
    def of(cls, text: str, *, bold: bool = False, italic: bool = False) -> Line:
        return cls((Span(text, bold, italic),))


@dataclass(frozen=True)
class Part:
    """A numbered part of the report: "I. ĐÁNH GIÁ, PHÂN TÍCH …" and its paragraphs."""

    heading: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Finding:
    """A leaf that lost points, with the reason and the responsible as printed."""

    area: str
    code: str
    name: str
    kind: str  # "Tiêu chí" (7.1) or "Tiêu chí thành phần" (1.2.1)
    points: Decimal
    max: Decimal
    reason: str
    responsible: str
    offices: tuple[str, ...] = ()  # the criterion's offices, named ("Phòng Nội vụ huyện …")


@dataclass(frozen=True)
class Solution:
    """Part III for one area; `*_default` says the text was built, not typed."""

    area: str
    name: str
    tasks: str
    hosts: str
    tasks_default: bool = False
    hosts_default: bool = False


@dataclass(frozen=True)
class ResponsibilityContent:
    letterhead: Letterhead
    title: str
    subtitle: str
    basis: tuple[str, ...]
    intro: str
    parts: tuple[Part, ...]
    closing: str
    recipients: tuple[str, ...]
    signature: Signature
    year: int
    unit_name: str
    findings: tuple[Finding, ...] = ()
    solutions: tuple[Solution, ...] = ()
    organisation_default: bool = False

    @property
    def lines(self) -> list[str]:
        """Every body paragraph's text in print order (headings included)."""
        found = [*self.basis, self.intro]
        for part in self.parts:
            found.append(part.heading)
            found.extend(line.text for line in part.lines)
        return [*found, self.closing]


# ---------------------------------------------------------------------------- wording helpers


def lower_first(text: str) -> str:
    """ "Báo cáo CCHC quý" → "báo cáo CCHC quý"; an acronym keeps its case ("CNTT …")."""
    text = text.strip()
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]


def sentence(text: str) -> str:
    """The text ending with a full stop (unless it already ends with a punctuation mark)."""
    text = text.strip()
    return text if not text or text.endswith(_END) else f"{text}."


def short_day(day: date) -> str:
    """ "12/8/2022", "03/5/2021", "05/02/2024": the day on two digits, the months 1 and 2 too
    (ND 30/2020, as in `vnformat.date_in_words`)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def _join(items: Sequence[str], separator: str = ", ") -> str:
    items = [item.strip().rstrip(".;") for item in items if item and item.strip()]
    if any("," in item for item in items):
        separator = "; "
    return separator.join(items)


def _distinct(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item and item not in seen:
            seen[item] = None
    return list(seen)


@dataclass(frozen=True)
class Actor:
    """How the documents name a unit: "UBND huyện" acting, "huyện" in "… của huyện",
    "huyện Kon Rẫy" after an office name."""

    name: str
    actor: str
    level: str
    locality: str
    committee: bool

    @property
    def head(self) -> str:
        return f"Chủ tịch {self.actor}" if self.committee else f"Thủ trưởng {self.name}"


def actor_of(unit: Unit) -> Actor:
    found = _COMMITTEE.match(unit.name)
    if not found:
        return Actor(unit.name, unit.name, "đơn vị", unit.name, committee=False)
    rest = found.group("rest")
    for level in sorted(LEVELS, key=len, reverse=True):
        if rest == level or rest.startswith(level + " "):
            return Actor(unit.name, f"UBND {level}", level, rest, committee=True)
    return Actor(unit.name, "UBND", "đơn vị", rest, committee=True)


def group_of(units: Sequence[Unit]) -> tuple[str, str]:
    """("UBND các xã, thị trấn", "các xã, thị trấn") for the units of a subordinate round;
    ("các cơ quan, đơn vị", …) when they are not people's committees."""
    actors = [actor_of(unit) for unit in units]
    levels = [level for level in LEVELS if any(a.level == level for a in actors)]
    if not levels or not all(a.committee for a in actors):
        return "các cơ quan, đơn vị", "các cơ quan, đơn vị"
    plain = "các " + ", ".join(levels)
    return f"UBND {plain}", plain


def office_name(office: Office, actor: Actor) -> str:
    """ "Phòng Nội vụ" of UBND huyện Thạnh Trị → "Phòng Nội vụ huyện Thạnh Trị"."""
    name = office.name.strip()
    if not actor.committee or actor.locality in name:
        return name
    if name.endswith(" " + actor.level):  # "Văn phòng HĐND và UBND huyện"
        return f"{name}{actor.locality[len(actor.level) :]}"
    return f"{name} {actor.locality}"


def leaf_kind(code: str) -> str:
    """ "Tiêu chí" for a leaf at depth 2 (7.1), "Tiêu chí thành phần" deeper (1.2.1)."""
    return "Tiêu chí" if len(code.split(".")) <= 2 else "Tiêu chí thành phần"


def _codes(raw: str) -> list[str]:
    return [code.strip() for code in re.split(r"[,;\s]+", raw or "") if code.strip()]


def legal_basis(criteria_set: CriteriaSet, organiser: Unit) -> str | None:
    """ "Căn cứ Quyết định số 609/QĐ-UBND ngày 12/7/2021 của UBND tỉnh Kon Tum về việc ban
    hành Bộ tiêu chí …" (None without the decision's reference)."""
    ref = (criteria_set.decision_ref or "").strip()
    if not ref:
        return None
    decision = ref if ref.lower().startswith("quyết định") else f"Quyết định số {ref}"
    issuer = criteria_set.issuer.name if criteria_set.issuer_id else organiser.name
    return f"Căn cứ {decision} của {issuer} về việc ban hành {criteria_set.name}"


def _terminate(lines: Sequence[str]) -> tuple[str, ...]:
    """ "Căn cứ …;" on every line but the last, which ends with "."."""
    last = len(lines) - 1
    return tuple(
        f"{line.rstrip('.;')}{'.' if number == last else ';'}" for number, line in enumerate(lines)
    )


def _emphasised(text: str) -> tuple[Span, ...]:
    """Plain text with its deadlines ("trước ngày 12/8/2022") in bold, as the seed prints."""
    spans, position = [], 0
    for found in _DEADLINE.finditer(text):
        if found.start() > position:
            spans.append(Span(text[position : found.start()]))
        spans.append(Span(found.group(), bold=True))
        position = found.end()
    if position < len(text):
        spans.append(Span(text[position:]))
    return tuple(spans)


# ---------------------------------------------------------------------------- the analysis


@dataclass
class _Context:
    report: ResponsibilityReport
    round: AssessmentRound
    unit: Unit
    actor: Actor
    results: RoundResults
    result: index.UnitResult
    scores: dict[str, Score]
    criteria: dict[str, Criterion]
    offices: dict[str, Office]
    sub: RoundResults | None = None
    lost: dict[str, index.NodeResult] = field(default_factory=dict)

    @property
    def year(self) -> int:
        return self.round.year


def _reason(leaf: index.NodeResult, score: Score | None) -> str:
    found = ""
    if score is not None:
        for text in (
            score.loss_reason,
            score.appraisal_note,
            score.auto_provenance,
            score.self_note,
        ):
            if text and text.strip():
                found = text.strip()
                break
    if not found and not leaf.scored:
        found = NOT_SCORED
    return sentence(upper_first(found)) if found else ""


def _offices_of(ctx: _Context, criterion: Criterion | None) -> list[str]:
    if criterion is None:
        return []
    return [
        office_name(ctx.offices[code], ctx.actor)
        for code in _codes(criterion.responsible)
        if code in ctx.offices
    ]


def _responsible(ctx: _Context, code: str) -> str:
    score, criterion = ctx.scores.get(code), ctx.criteria.get(code)
    if score is not None and score.responsible.strip():
        return score.responsible.strip()
    if criterion is not None and criterion.responsible_text.strip():
        return criterion.responsible_text.strip()
    offices = _offices_of(ctx, criterion)
    if len(offices) > 1:
        return ", ".join(offices[:-1]) + " và " + offices[-1]
    return offices[0] if offices else ""


def _area_leaves(area: index.NodeResult) -> list[index.NodeResult]:
    found = []

    def walk(node):
        if node.leaf:
            found.append(node)
        for child in node.children:
            walk(child)

    walk(area)
    return found


def _scored_areas(result: index.UnitResult) -> list[index.NodeResult]:
    return [area for area in result.areas if area.part not in index.EXTRA_PARTS]


def _findings(ctx: _Context, area: index.NodeResult) -> list[Finding]:
    found = []
    for leaf in _area_leaves(area):
        if leaf.code not in ctx.lost:
            continue
        criterion = ctx.criteria.get(leaf.code)
        found.append(
            Finding(
                area=area.code,
                code=leaf.code,
                name=leaf.name,
                kind=leaf_kind(leaf.code),
                points=leaf.points,
                max=leaf.max,
                reason=_reason(leaf, ctx.scores.get(leaf.code)),
                responsible=_responsible(ctx, leaf.code),
                offices=tuple(_offices_of(ctx, criterion)),
            )
        )
    return found


def _extras_sentence(result: index.UnitResult) -> str:
    parts = []
    if result.bonus:
        parts.append(f"điểm thưởng {vnformat.trimmed(result.bonus)} điểm")
    if result.penalty:
        parts.append(f"điểm trừ {vnformat.trimmed(result.penalty)} điểm")
    return f"Tổng số điểm trên đã bao gồm {' và '.join(parts)}." if parts else ""


def _mismatch_sentence(mismatch: index.Mismatch) -> str:
    """ "Tổng điểm ghi trong tệp 78,15 khác tổng các phần 76,65 — dùng 76,65": said in a
    sentence of the report."""
    stated = vnformat.trimmed(mismatch.stated)
    derived = vnformat.trimmed(mismatch.derived)
    if mismatch.code is None:
        what, parts = "Tổng điểm", "tổng điểm các tiêu chí, tiêu chí thành phần"
    else:
        what = f"Điểm {node_kind(mismatch.code)} {mismatch.code}"
        parts = "tổng điểm các tiêu chí, tiêu chí thành phần thuộc mục này"
    return (
        f"{what} ghi trong tệp kết quả ({stated} điểm) khác {parts} ({derived} điểm) nên không "
        f"được sử dụng; báo cáo sử dụng số điểm {derived}."
    )


def _part_one(ctx: _Context, number: str, findings: list[Finding]) -> Part:
    result, actor = ctx.result, ctx.actor
    heading = (
        f"{number}. ĐÁNH GIÁ, PHÂN TÍCH VÀ LÀM RÕ NGUYÊN NHÂN, TRÁCH NHIỆM CỦA CÁC CƠ QUAN, ĐƠN "
        f"VỊ LÀM ẢNH HƯỞNG ĐẾN CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA {actor.level.upper()} NĂM {ctx.year}"
    )
    grade = f", xếp loại {result.grade}" if result.grade else ""
    index_value = "—" if result.index is None else vnformat.trimmed(result.index)
    lines = [
        Line(
            (
                Span(f"Tổng số điểm các tiêu chí, tiêu chí thành phần {actor.actor} đạt được là "),
                Span(f"{points_text(result.points, result.max)} điểm", bold=True),
                Span(
                    f" (Chỉ số cải cách hành chính của {actor.level}: {index_value} điểm)"
                    f"{grade}. Kết quả chấm điểm các tiêu chí, tiêu chí thành phần cụ thể như sau:"
                ),
            )
        )
    ]
    extras = _extras_sentence(result)
    if extras:
        lines.append(Line.of(extras))
    lines += [Line.of(_mismatch_sentence(m), italic=True) for m in result.mismatches]
    areas = [a for a in _scored_areas(result) if a.max]
    for position, area in enumerate(areas, start=1):
        lost = [f for f in findings if f.area == area.code]
        head = f"{position}. {area.name.strip()}: {actor.actor} "
        if not lost:
            lines.append(Line.of(f"{head}đạt được {points_text(area.points, area.max)} điểm."))
            continue
        lines.append(
            Line.of(
                f"{head}đạt {points_text(area.points, area.max)} điểm; tiêu chí, tiêu chí thành "
                "phần bị mất điểm, cụ thể:"
            )
        )
        for finding in lost:
            text = (
                f"- {finding.kind} {finding.code} về {lower_first(finding.name)}: {actor.actor} "
                f"đạt {points_text(finding.points, finding.max)} điểm"
            )
            lines.append(
                Line.of(f"{text}, nguyên nhân: {finding.reason}" if finding.reason else f"{text}.")
            )
            if finding.responsible:
                lines.append(
                    Line.of(f"* Trách nhiệm thuộc về: {sentence(finding.responsible)}", italic=True)
                )
    return Part(heading, tuple(lines))


def _part_two(ctx: _Context, number: str, group: str) -> Part:
    sub = ctx.sub
    heading = (
        f"{number}. KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM "
        f"{sub.round.year} CỦA {group.upper()}"
    )
    lines: list[Line] = []
    count = len(sub.units)
    for position, result in enumerate(sub.units, start=1):
        index_value = "—" if result.index is None else vnformat.trimmed(result.index)
        grade = f", xếp loại {result.grade}" if result.grade else ""
        rank = f", xếp thứ {result.rank}/{count}" if result.rank is not None else ""
        lines.append(
            Line.of(
                f"{position}. Đối với {result.key.unit.name}: Tổng số điểm các tiêu chí, tiêu "
                f"chí thành phần đạt được là {points_text(result.points, result.max)} điểm (Chỉ số "
                f"cải cách hành chính của đơn vị: {index_value} điểm){grade}{rank}, cụ thể:"
            )
        )
        for area in _scored_areas(result):
            name = lower_first(area.name)
            if not area.max:
                lines.append(Line.of(f"- Tiêu chí về {name}: không đánh giá đối với đơn vị."))
            else:
                lines.append(
                    Line.of(f"- Tiêu chí về {name} đạt {points_text(area.points, area.max)} điểm.")
                )
        extras = _extras_sentence(result)
        if extras:
            lines.append(Line.of(f"- {extras}"))
        lines += [Line.of(f"- {_mismatch_sentence(m)}", italic=True) for m in result.mismatches]
        if not result.complete:
            lines.append(Line.of("- Đơn vị chưa được chấm đủ các tiêu chí.", italic=True))
    return Part(heading, tuple(lines))


def _solutions(ctx: _Context, findings: list[Finding]) -> list[Solution]:
    stored = ctx.report.solutions if isinstance(ctx.report.solutions, dict) else {}
    found = []
    for area in _scored_areas(ctx.result):
        if not area.max:
            continue
        typed = stored.get(area.code) or {}
        lost = [f for f in findings if f.area == area.code]
        tasks = (typed.get("tasks") or "").strip()
        hosts = (typed.get("hosts") or "").strip()
        tasks_default, hosts_default = not tasks, not hosts
        if not tasks:
            if lost:
                codes = ", ".join(f.code for f in lost)
                tasks = (
                    f"Khắc phục các tiêu chí, tiêu chí thành phần bị mất điểm: {codes}; bảo đảm "
                    "thực hiện đầy đủ, đúng thời hạn, đúng yêu cầu các nội dung của tiêu chí, "
                    f"phấn đấu đạt điểm tối đa trong năm {ctx.year + 1}."
                )
            else:
                tasks = KEEP_GOING
        if not hosts:
            names = _distinct(name for f in lost for name in f.offices)
            if not names:
                names = _distinct(f.responsible for f in lost)
            if not names:
                names = _distinct(
                    name
                    for leaf in _area_leaves(area)
                    for name in _offices_of(ctx, ctx.criteria.get(leaf.code))
                )
            hosts = sentence(_join(names)) if names else ""
        found.append(Solution(area.code, area.name, tasks, hosts, tasks_default, hosts_default))
    return found


def _part_three(number: str, solutions: list[Solution]) -> Part:
    lines = []
    for position, solution in enumerate(solutions, start=1):
        lines.append(Line.of(f"{position}. Đối với {lower_first(solution.name)}:"))
        lines.append(Line.of(f"- Nhiệm vụ cần thực hiện: {sentence(solution.tasks)}"))
        if solution.hosts:
            lines.append(Line.of(f"- Cơ quan chủ trì, tham mưu: {sentence(solution.hosts)}"))
    return Part(f"{number}. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU", tuple(lines))


def coordinator(ctx: _Context) -> str:
    """The office that coordinates reform work (Phòng Nội vụ), named with the unit."""
    offices = sorted(ctx.offices.values(), key=lambda o: (o.name, o.code))
    for office in offices:
        if office.code.upper() in COORDINATOR_CODES:
            return office_name(office, ctx.actor)
    for office in offices:
        if "nội vụ" in office.name.lower():
            return office_name(office, ctx.actor)
    return COORDINATOR_FALLBACK


def _default_organisation(ctx: _Context, group: str | None) -> tuple[Line, ...]:
    actor, year = ctx.actor, ctx.year
    due_on = ctx.report.remediation_due_on
    via = coordinator(ctx)

    def deadline(before: str, after: str) -> list[Span]:
        spans = [Span(before), Span("(qua "), Span(via, italic=True), Span(") ")]
        if due_on:
            spans.append(Span(f"trước ngày {short_day(due_on)}", bold=True))
        else:
            spans.append(Span("đúng thời hạn"))
        spans.append(Span(after))
        return spans

    lines = [
        Line(
            tuple(
                [Span(f"1. Đối với các phòng, ban chuyên môn thuộc {actor.actor}: ")]
                + deadline(
                    "Trên cơ sở chức năng, nhiệm vụ được giao và trách nhiệm được chỉ ra tại "
                    "Báo cáo này chủ động xây dựng kế hoạch khắc phục những tồn tại, hạn chế của "
                    f"đơn vị gửi về {actor.actor} ",
                    " để tổng hợp, theo dõi; cơ quan, đơn vị nào được giao chủ trì, tham mưu các "
                    "nhiệm vụ trong công tác cải cách hành chính làm ảnh hưởng đến Chỉ số cải "
                    f"cách hành chính của {actor.level} thì Thủ trưởng đơn vị đó chịu trách nhiệm "
                    f"trước {actor.actor}, {actor.head}.",
                )
            )
        )
    ]
    number = 2
    if group:
        lines.append(
            Line(
                tuple(
                    [Span(f"{number}. Đối với {group}: ")]
                    + deadline(
                        "Tiếp tục giữ vững và phát huy những ưu điểm, kết quả đạt được trong "
                        "công tác cải cách hành chính và cải thiện nâng cao Chỉ số cải cách hành "
                        "chính của đơn vị mình trong thời gian qua; chủ động xây dựng kế hoạch "
                        "khắc phục những tồn tại, hạn chế, thiếu sót trong các lĩnh vực, tiêu "
                        "chí, tiêu chí thành phần bị đánh giá thấp, xem đây là một trong những "
                        "nhiệm vụ trọng tâm của đơn vị mình, phấn đấu nâng cao điểm số của đơn vị "
                        f"trong năm {year + 1}; báo cáo kết quả khắc phục gửi về {actor.actor} ",
                        " để theo dõi.",
                    )
                )
            )
        )
        number += 1
    lines.append(
        Line.of(
            f"{number}. Giao {via}: Chủ trì, tổng hợp tham mưu {actor.actor} xây dựng Kế hoạch "
            f"khắc phục các tồn tại, hạn chế trong công tác cải cách hành chính năm {year}; theo "
            "dõi, đôn đốc các cơ quan, đơn vị chủ trì tham mưu các nội dung được nêu tại Báo cáo "
            f"này, kịp thời báo cáo {actor.actor} những đơn vị tham mưu chậm hoặc không thực "
            "hiện các nhiệm vụ được giao."
        )
    )
    return tuple(lines)


def _signature(report: ResponsibilityReport, actor: Actor) -> Signature:
    """ "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" for a people's committee."""
    authority = report.signer_authority.strip()
    position = report.signer_position.strip()
    if actor.committee:
        if not authority.upper().startswith("TM."):
            authority = (
                f"{COLLECTIVE_AUTHORITY}\n{authority}" if authority else COLLECTIVE_AUTHORITY
            )
        position = position or "CHỦ TỊCH"
    return Signature(
        position=position or "THỦ TRƯỞNG",
        name=report.signer_name.strip(),
        authority=authority or None,
    )


def build_content(report: ResponsibilityReport) -> ResponsibilityContent:
    """What the report says, every figure read from the round's scores."""
    participation = report.participation
    round_ = AssessmentRound.objects.select_related("criteria_set__issuer", "organiser").get(
        pk=participation.round_id
    )
    unit = participation.unit
    actor = actor_of(unit)
    results = results_of(round_, with_previous=False)
    result = next(r for r in results.units if r.key.pk == participation.pk)
    ctx = _Context(
        report=report,
        round=round_,
        unit=unit,
        actor=actor,
        results=results,
        result=result,
        scores={
            s.criterion.code: s
            for s in Score.objects.filter(participation=participation).select_related("criterion")
        },
        criteria={c.code: c for c in Criterion.objects.filter(criteria_set=round_.criteria_set)},
        offices={o.code: o for o in Office.objects.filter(unit=unit)},
        lost={leaf.code: leaf for leaf in lost_leaves(result)},
    )
    sub_round = None
    if report.subordinate_round_id:
        sub_round = AssessmentRound.objects.select_related("criteria_set__issuer", "organiser").get(
            pk=report.subordinate_round_id
        )
        ctx.sub = results_of(sub_round, with_previous=False)
    group, group_plain = (
        group_of([r.key.unit for r in ctx.sub.units]) if ctx.sub is not None else (None, None)
    )

    typed_basis = [line.strip() for line in report.legal_basis.splitlines() if line.strip()]
    if typed_basis:
        basis = tuple(typed_basis)
    else:
        found = [legal_basis(round_.criteria_set, round_.organiser)]
        if sub_round is not None and sub_round.criteria_set_id != round_.criteria_set_id:
            found.append(legal_basis(sub_round.criteria_set, sub_round.organiser))
        basis = _terminate([line for line in found if line])

    year = round_.year
    scope = f"{actor.level} và {group_plain}" if group_plain else actor.level
    intro = (
        f"Trên cơ sở kết quả đánh giá, chấm điểm và xếp loại công tác cải cách hành chính năm "
        f"{year} của {scope}; {actor.actor} báo cáo đánh giá, phân tích và làm rõ nguyên nhân, "
        "trách nhiệm của các cơ quan, đơn vị làm ảnh hưởng đến Chỉ số cải cách hành chính năm "
        f"{year} của {actor.level}; đồng thời đề ra những nhiệm vụ, giải pháp cần thực hiện, cụ "
        "thể như sau:"
    )

    numbers = iter(ROMAN)
    findings = [f for area in _scored_areas(result) for f in _findings(ctx, area)]
    parts = [_part_one(ctx, next(numbers), findings)]
    if ctx.sub is not None:
        parts.append(_part_two(ctx, next(numbers), group))
    solutions = _solutions(ctx, findings)
    parts.append(_part_three(next(numbers), solutions))
    typed_organisation = [line.strip() for line in report.organisation.splitlines() if line.strip()]
    organisation = (
        tuple(Line(_emphasised(line)) for line in typed_organisation)
        if typed_organisation
        else _default_organisation(ctx, group)
    )
    parts.append(Part(f"{next(numbers)}. TỔ CHỨC, THỰC HIỆN", organisation))

    recipients = tuple(line.strip() for line in report.recipients.splitlines() if line.strip())
    if not recipients:
        recipients = (
            f"CT, các PCT {actor.actor}" if actor.committee else "Lãnh đạo đơn vị",
            "Các phòng, ban chuyên môn (th/h)",
            *((f"{group} (th/h)",) if group else ()),
            "Lưu: VT",
        )
    return ResponsibilityContent(
        letterhead=Letterhead(
            issuer=issuer_name(unit.name),
            number=report.number.strip(),
            place=report.place.strip() or place_of(unit),
            day=report.issued_on,
        ),
        title=TITLE,
        subtitle=SUBTITLE.format(year=year, level=actor.level),
        basis=basis,
        intro=intro,
        parts=tuple(parts),
        closing=(
            "Trên đây là báo cáo đánh giá, phân tích và làm rõ nguyên nhân, trách nhiệm của các "
            "cơ quan, đơn vị làm ảnh hưởng đến Chỉ số cải cách hành chính năm "
            f"{year} của {actor.level}./."
        ),
        recipients=recipients,
        signature=_signature(report, actor),
        year=year,
        unit_name=unit.name,
        findings=tuple(findings),
        solutions=tuple(solutions),
        organisation_default=not typed_organisation,
    )


# ---------------------------------------------------------------------------- DOCX


def _add_line(document, spans: Sequence[Span], *, bold: bool = False) -> None:
    paragraph = add_paragraph(
        document,
        align=JUSTIFY,
        first_line_indent_mm=INDENT_MM,
        space_after=6,
        space_before=6 if bold else None,
        keep_with_next=True if bold else None,
    )
    for span in spans:
        style_run(
            paragraph.add_run(span.text),
            bold=(span.bold or bold) or None,
            italic=span.italic or None,
        )


def render_docx(content: ResponsibilityContent) -> bytes:
    """The report as a .docx file (A4, Times New Roman 13 pt, ND 30/2020 layout)."""
    document = layout.new_document(font_size=BODY_SIZE, title=f"{content.title} {content.subtitle}")
    layout.add_letterhead(document, content.letterhead)
    layout.add_title(document, content.title, content.subtitle)
    add_paragraph(document, space_after=12)
    for text in content.basis:
        _add_line(document, (Span(text),))
    _add_line(document, (Span(content.intro),))
    for part in content.parts:
        _add_line(document, (Span(part.heading),), bold=True)
        for line in part.lines:
            _add_line(document, line.spans)
    _add_line(document, (Span(content.closing),))
    layout.add_recipients_and_signature(document, content.recipients, content.signature)
    return layout.to_bytes(document)


# ---------------------------------------------------------------------------- HTML, PDF


def render_html(content: ResponsibilityContent, *, for_pdf: bool = False) -> str:
    """The report as HTML: a fragment with its own styles for the on-page preview, or a full
    page for the PDF. Same texts, same order, same emphasis as the DOCX."""
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
            "recipients": layout.recipient_lines(content.recipients),
            "signature": content.signature,
            "authority_lines": (content.signature.authority or "").split("\n")
            if content.signature.authority
            else [],
        },
    )


def render_pdf(content: ResponsibilityContent) -> bytes:
    return html_to_pdf(render_html(content, for_pdf=True))
