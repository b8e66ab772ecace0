"""The nine evaluation indicators of a returned dossier (Nghị định 61/2018/NĐ-CP, Thông tư
01/2018/TT-VPCP; domain dossiers.md §7) and what the system knows of them. Pure: no Django.

Each indicator scores 2 / 1 / 0 (maximum 18 for the nine). The system scores an indicator
itself when its records decide it; the applicant answers the others (and the two satisfaction
questions). What the records decide, indicator by indicator:

1. Total time vs the legal limit: the finish time against the appointment before any
   extension, classified like the statistics (`workcal.engine.classify`, day granularity
   unless strict): early 2, on time 1, late 0. Unknown without both times.
2. Each participating unit's time vs its budget: every finished workflow step's result
   (already classified against its own budget when it finished); a unit is as late as its
   latest step. Every unit early 2; none late 1; a unit late 0. A dossier without finished
   steps takes indicator 1 (one unit did the whole work).
3. Contacts with the desk to complete the dossier: supplement requests during processing
   plus "incomplete" notices recorded on the dossier (online intake). None 2, one 1, more 0.
   The records cannot tell whether the applicant was at fault, so more than one scores 0.
4. Agencies the applicant had to contact: inter-agency steps are handled behind the desk and
   count as the desk. Submitted and collected without coming in person (online or by post)
   2; otherwise only the desk 1. The records never show a second agency, so 0 is never
   computed.
5. Received, processed and returned through the one-stop desk: known when the catalogue
   holds the workflows of the unit's level — the share of those procedures whose workflow
   runs entirely at the one-stop office reaching 20% (province) / 50% (district) / 100%
   (commune) gives 2; otherwise the dossier itself was received and returned at the desk: 1.
6. Publication of the procedure: the catalogue has no publication of it → 0. When it is
   published, whether it was also posted at the desk is not recorded: the applicant answers.
7. Staff attitude: a founded complaint (about the service or staff) linked to the dossier 0;
   otherwise early 2, on time 1, late 0 (the table names no score for "late without a
   complaint"; it meets neither 2 nor 1).
8. Handling of feedback and petitions about the unit: of the unit's items due so far in the
   cut-off quarter of the return, answered by their deadline — none due or all on time 2,
   at least 90% 1, less 0.
9. Online service progress: the procedure is offered online, the unit's online share of new
   dossiers in the quarter is at least 30% and no online dossier was late 2; share 15–30%
   (or more without the procedure offered online) and none late 1; otherwise 0. Unknown when
   the unit received nothing in the quarter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from cchc.workcal.engine import EARLY, LATE, ON_TIME, classify

SCORES = (2, 1, 0)
MAX_SCORE = 18
NUMBERS = tuple(range(1, 10))


@dataclass(frozen=True)
class Indicator:
    number: int
    title: str  # short, for tables
    question: str  # as the applicant reads it
    options: tuple[str, str, str]  # the answers scoring 2, 1 and 0


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        1,
        "Thời gian giải quyết so với quy định",
        "Tổng thời gian giải quyết hồ sơ so với thời hạn theo quy định",
        ("Ngắn hơn thời hạn", "Bằng thời hạn", "Dài hơn thời hạn"),
    ),
    Indicator(
        2,
        "Thời gian của từng cơ quan",
        "Thời gian thực hiện của từng cơ quan, đơn vị tham gia giải quyết so với quy định",
        (
            "Các cơ quan đều ngắn hơn quy định",
            "Không cơ quan nào chậm hơn quy định",
            "Có cơ quan chậm hơn quy định",
        ),
    ),
    Indicator(
        3,
        "Số lần liên hệ để hoàn thiện hồ sơ",
        "Số lần phải liên hệ với nơi tiếp nhận để hoàn thiện hồ sơ",
        ("Không lần nào", "Một lần", "Nhiều hơn một lần"),
    ),
    Indicator(
        4,
        "Số cơ quan phải liên hệ",
        "Số cơ quan, đơn vị phải liên hệ để hoàn thiện hồ sơ",
        (
            "Không phải liên hệ trực tiếp",
            "Chỉ Bộ phận Một cửa",
            "Nhiều hơn một cơ quan, đơn vị",
        ),
    ),
    Indicator(
        5,
        "Giải quyết qua Bộ phận Một cửa",
        "Hồ sơ được tiếp nhận, giải quyết, trả kết quả tại Bộ phận Một cửa",
        (
            "Tiếp nhận, thẩm định, phê duyệt và trả kết quả tại Bộ phận Một cửa",
            "Tiếp nhận và trả kết quả tại Bộ phận Một cửa",
            "Không qua Bộ phận Một cửa",
        ),
    ),
    Indicator(
        6,
        "Công khai thủ tục",
        "Thủ tục hành chính được công khai đầy đủ, chính xác",
        (
            "Tại nơi tiếp nhận và trên Cổng dịch vụ công",
            "Chỉ ở một trong hai nơi",
            "Không được công khai",
        ),
    ),
    Indicator(
        7,
        "Thái độ của công chức",
        "Thái độ của công chức tiếp nhận, giải quyết hồ sơ",
        (
            "Trả kết quả trước hạn, không gây phiền hà",
            "Trả kết quả đúng hạn, không gây phiền hà",
            "Có hành vi gây phiền hà, nhũng nhiễu",
        ),
    ),
    Indicator(
        8,
        "Xử lý phản ánh, kiến nghị",
        "Việc tiếp nhận, xử lý phản ánh, kiến nghị của người dân",
        (
            "Không có phản ánh hoặc được trả lời đúng hạn",
            "Được trả lời nhưng có phản ánh chậm",
            "Không được trả lời, hoặc trả lời chậm nhiều",
        ),
    ),
    Indicator(
        9,
        "Dịch vụ công trực tuyến",
        "Việc cung cấp dịch vụ công trực tuyến của thủ tục",
        (
            "Có dịch vụ trực tuyến, nhiều hồ sơ nộp trực tuyến, không có hồ sơ trễ hạn",
            "Có dịch vụ trực tuyến nhưng ít hồ sơ nộp trực tuyến",
            "Không có hoặc rất ít hồ sơ trực tuyến, hoặc có hồ sơ trực tuyến trễ hạn",
        ),
    ),
)
BY_NUMBER: dict[int, Indicator] = {i.number: i for i in INDICATORS}

# The two satisfaction questions (scale Rất hài lòng 2 / Hài lòng 1 / Không hài lòng 0).
SATISFACTION_LABELS: dict[int, str] = {2: "Rất hài lòng", 1: "Hài lòng", 0: "Không hài lòng"}
SATISFACTION_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("staff_satisfaction", "Mức độ hài lòng về thái độ phục vụ của cán bộ, công chức"),
    ("result_satisfaction", "Mức độ hài lòng về kết quả giải quyết thủ tục hành chính"),
)

# Indicator 5: the share of the level's procedures handled entirely at the desk for 2 points.
DESK_THRESHOLDS: dict[str, float] = {"province": 0.20, "district": 0.50, "commune": 1.00}
# Indicator 8 and 9 thresholds.
FEEDBACK_ON_TIME_FOR_1 = 0.90
ONLINE_SHARE_FOR_2 = 0.30
ONLINE_SHARE_FOR_1 = 0.15


@dataclass(frozen=True)
class StepFacts:
    unit_id: int
    result: str  # "early" / "on_time" / "late"; "" while not finished


@dataclass(frozen=True)
class DossierFacts:
    """What the dossier's own records say (times naive, local)."""

    finished_at: datetime | None
    due_at: datetime | None  # the appointment before any extension
    steps: tuple[StepFacts, ...] = ()
    contacts: int = 0  # supplement requests + "incomplete" notices recorded on the dossier
    in_person: bool = True  # submitted at the counter or collected at the desk
    complaint: bool = False  # a founded complaint about the service or staff, on the dossier
    strict: bool = False  # CCHC_STRICT_TIMING


@dataclass(frozen=True)
class UnitFacts:
    """What the unit's and the procedure's data say; None where the data do not allow."""

    level: str = ""  # "province" / "district" / "commune" (the unit's procedure level)
    desk_share: float | None = None  # of the level's procedures with a workflow: all at the desk
    procedure_published: bool | None = None
    procedure_online: bool | None = None
    online_share: float | None = None  # online ÷ new dossiers of the unit in the quarter
    late_online: int = 0  # online dossiers of the unit resolved late in the quarter
    feedback_due: int = 0  # feedback items about the unit due so far in the quarter
    feedback_on_time: int = 0  # of those, answered by their deadline


_TIMING_SCORE = {EARLY: 2, ON_TIME: 1, LATE: 0}
_WORST = {EARLY: 0, ON_TIME: 1, LATE: 2}


def timing(d: DossierFacts) -> str | None:
    """early / on_time / late of the dossier, or None without both times."""
    if d.finished_at is None or d.due_at is None:
        return None
    return classify(d.finished_at, d.due_at, d.strict)


def total_time(d: DossierFacts) -> int | None:
    found = timing(d)
    return None if found is None else _TIMING_SCORE[found]


def unit_times(d: DossierFacts) -> int | None:
    per_unit: dict[int, str] = {}
    for step in d.steps:
        if step.result not in _WORST:
            continue
        known = per_unit.get(step.unit_id)
        if known is None or _WORST[step.result] > _WORST[known]:
            per_unit[step.unit_id] = step.result
    if not per_unit:
        return total_time(d)
    results = set(per_unit.values())
    if LATE in results:
        return 0
    return 2 if results == {EARLY} else 1


def contacts(d: DossierFacts) -> int:
    return 2 if d.contacts <= 0 else 1 if d.contacts == 1 else 0


def agencies(d: DossierFacts) -> int:
    return 1 if d.in_person else 2


def desk(u: UnitFacts) -> int | None:
    threshold = DESK_THRESHOLDS.get(u.level)
    if u.desk_share is None or threshold is None:
        return None
    return 2 if u.desk_share >= threshold - 1e-9 else 1


def publication(u: UnitFacts) -> int | None:
    return 0 if u.procedure_published is False else None


def attitude(d: DossierFacts) -> int | None:
    if d.complaint:
        return 0
    return total_time(d)


def feedback_handling(u: UnitFacts) -> int:
    if u.feedback_due <= 0 or u.feedback_on_time >= u.feedback_due:
        return 2
    return 1 if u.feedback_on_time / u.feedback_due >= FEEDBACK_ON_TIME_FOR_1 else 0


def online(u: UnitFacts) -> int | None:
    if u.online_share is None or u.procedure_online is None:
        return None
    if u.late_online:
        return 0
    if u.procedure_online and u.online_share >= ONLINE_SHARE_FOR_2:
        return 2
    return 1 if u.online_share >= ONLINE_SHARE_FOR_1 else 0


def known_scores(d: DossierFacts, u: UnitFacts) -> dict[int, int]:
    """The indicators the records decide: number → score (the others are asked)."""
    found = {
        1: total_time(d),
        2: unit_times(d),
        3: contacts(d),
        4: agencies(d),
        5: desk(u),
        6: publication(u),
        7: attitude(d),
        8: feedback_handling(u),
        9: online(u),
    }
    return {n: s for n, s in found.items() if s is not None}


def asked(known: Mapping[int, int]) -> tuple[Indicator, ...]:
    """The indicators the applicant answers, in order."""
    return tuple(i for i in INDICATORS if i.number not in known)


def merge(known: Mapping[int, int], answers: Mapping[int, int]) -> dict[int, int]:
    """All nine scores: the known ones, the applicant's for the rest. `ValueError` (message in
    Vietnamese) when an asked indicator is missing or not 2, 1 or 0; answers about known
    indicators are ignored — the records win."""
    scores = dict(known)
    for indicator in asked(known):
        value = answers.get(indicator.number)
        if value not in SCORES:
            raise ValueError(f"Vui lòng chọn câu trả lời cho tiêu chí {indicator.number}.")
        scores[indicator.number] = value
    return scores


def total(scores: Mapping[int, int] | Iterable[int]) -> int:
    values = scores.values() if isinstance(scores, Mapping) else scores
    return sum(values)
