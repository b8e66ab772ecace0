"""Reads of emulation movements, unit-scoped: the movements a user may see, their results
(every criterion's points with provenance, derived totals, ranks overall and per cluster),
the dossier figures and the initiatives of the movement report, and the history.

A movement is visible to a user who may see its organiser or one of its participating
units (anyone else: 404). The organiser's staff see every participant's scores; a
participant's own staff see their unit's scores and, once the ranking is published (a report
of the movement has been issued), the ranking of everyone. Writes need a writer role on the
organiser (`WRITER_ROLES`; checked again by `emulation_services`).

Computed criteria are never stored: `movement_results` reads them on every call — the
reform index of an assessment round (`index:ROUND_CODE`) or a registered statistics source
(`dossiers.on_time_rate?scope=all`) over the movement's period — and scales them to the
criterion's maximum (`emulation_ranking.scaled`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import NoReverseMatch
from django.utils import timezone

from cchc.core import vnformat
from cchc.core.text import fold
from cchc.reporting import figures as dossier_figures
from cchc.reporting import periods, sources, statistics
from cchc.reporting.figures import Counts
from cchc.units.models import Role, Unit, UnitKind
from cchc.units.permissions import can_act, visible_unit_ids

from . import emulation_ranking as ranking
from .models import (
    AssessmentRound,
    Award,
    Movement,
    MovementCriterion,
    MovementEvent,
    MovementParticipant,
    MovementReport,
    MovementScore,
    RoundStatus,
)
from .queries import results_of

WRITER_ROLES = (Role.REFORM_OFFICER, Role.UNIT_LEADER, Role.ADMINISTRATOR)
INDEX_PREFIX = "index:"

# The report periods: the URL slug, the model value, the title in the report.
PERIODS = {"H1": "6 tháng đầu năm", "year": "năm"}
PERIOD_SLUGS = {"6-thang": "H1", "ca-nam": "year"}
SLUG_OF_PERIOD = {value: slug for slug, value in PERIOD_SLUGS.items()}

MANUAL, INDEX, STATISTICS = "manual", "index", "statistics"
KIND_LABELS = {MANUAL: "Nhập tay", INDEX: "Chỉ số CCHC", STATISTICS: "Số liệu hồ sơ"}

LEVEL_WORDS = {
    UnitKind.PROVINCE: ("cấp tỉnh", "toàn tỉnh"),
    UnitKind.DISTRICT: ("cấp huyện", "toàn huyện"),
    UnitKind.COMMUNE: ("cấp xã", "toàn xã"),
}


# -- visibility ----------------------------------------------------------------------------


def visible_movements(user) -> QuerySet[Movement]:
    ids = visible_unit_ids(user)
    return (
        Movement.objects.filter(Q(organiser_id__in=ids) | Q(participants__unit_id__in=ids))
        .select_related("organiser")
        .distinct()
    )


def movement_for(user, pk: int) -> Movement:
    found = visible_movements(user).filter(pk=pk).first()
    if found is None:
        raise Http404("Không tìm thấy phong trào thi đua.")
    return found


def sees_organiser(user, movement: Movement) -> bool:
    """The organiser's staff (and the levels above): every participant's scores."""
    return movement.organiser_id in visible_unit_ids(user)


def can_manage(user, movement: Movement) -> bool:
    return can_act(user, movement.organiser, *WRITER_ROLES)


def writer_units(user) -> QuerySet[Unit]:
    """Units the user may launch movements for."""
    return Unit.objects.filter(id__in=visible_unit_ids(user, WRITER_ROLES)).order_by("path")


def participant_for(user, movement: Movement, pk: int) -> MovementParticipant:
    """One participant of the movement: for the organiser's staff and the unit's own;
    another participant's staff get 404."""
    ids = visible_unit_ids(user)
    found = (
        MovementParticipant.objects.select_related("unit", "movement__organiser")
        .filter(movement=movement, pk=pk)
        .filter(Q(unit_id__in=ids) | Q(movement__organiser_id__in=ids))
        .first()
    )
    if found is None:
        raise Http404("Không tìm thấy đơn vị tham gia phong trào.")
    return found


def ranking_published(movement: Movement, today: date | None = None) -> bool:
    """The ranking is public to the participants once a report of the movement is issued
    (it prints the ranking table)."""
    today = today or timezone.localdate()
    return movement.reports.filter(issued_on__isnull=False, issued_on__lte=today).exists()


# -- the period ----------------------------------------------------------------------------


def movement_window(movement: Movement, within: periods.Window | None = None) -> periods.Window:
    """The movement's period as a data window (calendar days), clipped to `within` (a
    report's period) when they overlap."""
    start, end = movement.starts_on, movement.ends_on
    if within is not None and within.start <= end and start <= within.end:
        start, end = max(start, within.start), min(end, within.end)
    return periods.window(f"{start.isoformat()}..{end.isoformat()}", periods.Basis.CALENDAR)


def report_window(movement: Movement, period: str) -> periods.Window:
    """H1: 1 January → 30 June of the movement's year; year: the calendar year."""
    text = f"{movement.year}-H1" if period == "H1" else str(movement.year)
    return periods.window(text, periods.Basis.CALENDAR)


def period_title(movement: Movement, period: str) -> str:
    """ "6 tháng đầu năm 2022" or "năm 2022"."""
    return f"{PERIODS[period]} {movement.year}"


# -- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionPoints:
    """One criterion's points for one participant: entered by hand or computed, with where
    they come from. `value` is what a computed criterion read (the index, the percentage)."""

    criterion: MovementCriterion
    points: Decimal | None
    kind: str
    provenance: str
    value: Decimal | None = None
    note: str = ""
    link: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def display(self) -> str:
        return "—" if self.points is None else vnformat.trimmed(self.points)


@dataclass
class ResultRow:
    participant: MovementParticipant
    points: list[CriterionPoints]
    rank: int | None = None
    cluster_rank: int | None = None
    detail_visible: bool = True  # this viewer may see the criterion points

    @property
    def total(self) -> Decimal:
        return ranking.total(p.points for p in self.points)

    @property
    def scored(self) -> bool:
        return any(p.points is not None for p in self.points)

    @property
    def total_display(self) -> str:
        return vnformat.trimmed(self.total) if self.scored else "—"


@dataclass
class MovementResults:
    movement: Movement
    window: periods.Window
    criteria: list[MovementCriterion]
    rows: list[ResultRow]  # ranked, best first
    hidden: int = 0  # rows this viewer may not see (the ranking is not published)

    @property
    def max_total(self) -> Decimal:
        return sum((c.max_points for c in self.criteria), Decimal(0))

    @property
    def clusters(self) -> list[tuple[str, list[ResultRow]]]:
        """Rows per cluster, clusters in name order (no cluster last)."""
        groups: dict[str, list[ResultRow]] = {}
        for row in self.rows:
            groups.setdefault(row.participant.cluster, []).append(row)
        return sorted(groups.items(), key=lambda item: (item[0] == "", fold(item[0])))

    def row_of(self, participant: MovementParticipant) -> ResultRow:
        return next(r for r in self.rows if r.participant.pk == participant.pk)


def criterion_kind(source: str) -> str:
    if not source:
        return MANUAL
    return INDEX if source.startswith(INDEX_PREFIX) else STATISTICS


def _index_reader(criterion: MovementCriterion, cache: dict):
    """unit id → (index, round) for an `index:ROUND_CODE` criterion; the round's results are
    derived once per round however many participants and criteria read them."""
    code = criterion.source[len(INDEX_PREFIX) :]
    key = ("round", code)
    if key not in cache:
        round_ = AssessmentRound.objects.select_related("criteria_set").filter(code=code).first()
        by_unit = {}
        if round_ is not None:
            by_unit = {
                r.key.unit_id: r.index for r in results_of(round_, with_previous=False).units
            }
        cache[key] = (round_, by_unit)
    return cache[key]


def _index_points(criterion, participant, cache) -> CriterionPoints:
    round_, by_unit = _index_reader(criterion, cache)
    code = criterion.source[len(INDEX_PREFIX) :]
    if round_ is None:
        return CriterionPoints(
            criterion, None, INDEX, f"Không có đợt đánh giá Chỉ số CCHC mã “{code}”."
        )
    value = by_unit.get(participant.unit_id)
    if value is None:
        return CriterionPoints(
            criterion,
            None,
            INDEX,
            f"{participant.unit.name} không có kết quả Chỉ số CCHC trong “{round_.name}”.",
        )
    points = ranking.scaled(criterion.max_points, value)
    state = "" if round_.status == RoundStatus.PUBLISHED else " (đợt đánh giá chưa công bố)"
    return CriterionPoints(
        criterion,
        points,
        INDEX,
        f"Chỉ số CCHC {vnformat.trimmed(value)} trong “{round_.name}”{state}: "
        f"{vnformat.trimmed(criterion.max_points)} × {vnformat.trimmed(value)} ÷ 100 = "
        f"{vnformat.trimmed(points)} điểm.",
        value=value,
    )


def _statistics_points(criterion, participant, window, contexts) -> CriterionPoints:
    context = contexts.setdefault(
        participant.unit_id, sources.SourceContext(participant.unit, window)
    )
    try:
        computed = sources.compute(criterion.source, context)
    except (NoReverseMatch, KeyError, ValueError):  # checked when saved; a source changed since
        computed = None
    if computed is None or not computed.percent:
        return CriterionPoints(
            criterion, None, STATISTICS, f"Nguồn số liệu “{criterion.source}” không đọc được."
        )
    if computed.value is None:
        return CriterionPoints(
            criterion,
            None,
            STATISTICS,
            f"Chưa có số liệu trong kỳ: {computed.provenance}",
        )
    value = Decimal(computed.value)
    points = ranking.scaled(criterion.max_points, value)
    return CriterionPoints(
        criterion,
        points,
        STATISTICS,
        f"{vnformat.trimmed(value)}% — {computed.provenance} "
        f"{vnformat.trimmed(criterion.max_points)} × {vnformat.trimmed(value)} ÷ 100 = "
        f"{vnformat.trimmed(points)} điểm.",
        value=value,
        link=computed.link,
    )


def movement_results(movement: Movement, within: periods.Window | None = None) -> MovementResults:
    """Every participant's points per criterion, total and ranks, best first. Manual points
    in one query; each assessment round derived once; dossier sources one aggregating query
    per participant."""
    window = movement_window(movement, within)
    criteria = list(movement.criteria.all())
    participants = list(movement.participants.select_related("unit"))
    entered = {
        (s.participant_id, s.criterion_id): s
        for s in MovementScore.objects.filter(participant__movement=movement)
    }
    cache: dict = {}
    contexts: dict[int, sources.SourceContext] = {}
    rows = []
    for participant in participants:
        points = []
        for criterion in criteria:
            kind = criterion_kind(criterion.source)
            if kind == MANUAL:
                score = entered.get((participant.pk, criterion.pk))
                points.append(
                    CriterionPoints(
                        criterion,
                        score.points if score else None,
                        MANUAL,
                        "Điểm do đơn vị phát động chấm." if score else "Chưa chấm điểm.",
                        note=score.note if score else "",
                    )
                )
            elif kind == INDEX:
                points.append(_index_points(criterion, participant, cache))
            else:
                points.append(_statistics_points(criterion, participant, window, contexts))
        rows.append(ResultRow(participant, points))
    totals = [(row.participant.pk, row.total if row.scored else None) for row in rows]
    overall = ranking.rank(totals)
    in_cluster = ranking.rank_in_groups(
        [
            (row.participant.pk, row.participant.cluster, total)
            for row, (_, total) in zip(rows, totals, strict=True)
        ]
    )
    for row in rows:
        row.rank = overall[row.participant.pk]
        row.cluster_rank = in_cluster[row.participant.pk]
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, fold(r.participant.unit.name)))
    return MovementResults(movement, window, criteria, rows)


def results_for(user, movement: Movement) -> MovementResults:
    """The results as this user may see them: everything for the organiser's staff; for a
    participant's staff their own rows (without rank), and everyone's rank and total once
    published."""
    results = movement_results(movement)
    if sees_organiser(user, movement):
        return results
    ids = visible_unit_ids(user)
    published = ranking_published(movement)
    shown = []
    for row in results.rows:
        own = row.participant.unit_id in ids
        if own or published:
            row.detail_visible = own
            if not published:  # the ranks are the organiser's until it publishes them
                row.rank = row.cluster_rank = None
            shown.append(row)
    results.hidden = len(results.rows) - len(shown)
    results.rows = shown
    return results


# -- the report's figures --------------------------------------------------------------------


@dataclass(frozen=True)
class DossierFigures:
    """The organiser's own dossiers and those of its whole subtree over a report's window."""

    unit: Unit
    window: periods.Window
    own: Counts
    subtree: Counts

    @property
    def level_words(self) -> tuple[str, str]:
        return LEVEL_WORDS.get(
            self.unit.kind, (self.unit.name, f"{self.unit.name} và các đơn vị trực thuộc")
        )

    @property
    def has_subtree(self) -> bool:
        return self.subtree != self.own

    def sentences(self) -> list[str]:
        """The sentence(s) of section II.2: the organiser's level, then — when units below
        received dossiers too — the whole area."""
        level, area = self.level_words
        lines = [
            f"Kết quả giải quyết thủ tục hành chính {self.window.title} "
            f"({self.window.range_text.lower()}): {level} {ranking.dossier_clause(self.own)}."
        ]
        if self.has_subtree:
            lines.append(
                f"Tính chung cả các đơn vị trực thuộc, {area} "
                f"{ranking.dossier_clause(self.subtree)}."
            )
        return lines


def dossier_figures_of(movement: Movement, window: periods.Window) -> DossierFigures:
    """One aggregating query over the organiser's subtree, grouped by receiving unit: its own
    row and the sum of all rows; both checked by the statistics identities."""
    organiser = movement.organiser
    per_unit = statistics.count_rows(
        statistics.dossiers_of(organiser, include_children=True), window, "unit_id"
    )
    own = per_unit.get(organiser.pk, Counts())
    subtree = dossier_figures.total(per_unit.values())
    dossier_figures.check([(organiser.name, own)], None)
    dossier_figures.check([(f"{organiser.name} và các đơn vị trực thuộc", subtree)], None)
    return DossierFigures(organiser, window, own, subtree)


@dataclass(frozen=True)
class InitiativeLine:
    unit: str
    kind: str
    name: str
    status: str
    description: str


def initiatives_of(movement: Movement, window: periods.Window) -> list[InitiativeLine]:
    """The initiatives and models of the organiser and the participants in the movement's
    year (applied by the end of the window), from the plans app when it is installed."""
    if not apps.is_installed("cchc.plans"):
        return []
    from cchc.plans.models import Initiative  # optional app: imported only when installed

    unit_ids = {movement.organiser_id, *movement.participants.values_list("unit_id", flat=True)}
    rows = (
        Initiative.objects.filter(unit_id__in=unit_ids, year=movement.year)
        .filter(Q(applied_on__isnull=True) | Q(applied_on__lte=window.end))
        .select_related("unit")
        .order_by("unit__path", "name")
    )
    return [
        InitiativeLine(
            i.unit.name, i.get_kind_display(), i.name, i.get_status_display(), i.description
        )
        for i in rows
    ]


def awards_of(movement: Movement, until: date | None = None) -> list[Award]:
    awards = movement.awards.select_related("participant__unit")
    if until is not None:
        awards = awards.filter(Q(awarded_on__isnull=True) | Q(awarded_on__lte=until))
    return list(awards)


def report_of(movement: Movement, period: str) -> MovementReport | None:
    return movement.reports.filter(period=period).first()


# -- history -------------------------------------------------------------------------------


def history_of(movement: Movement, limit: int = 50) -> list[MovementEvent]:
    """What was done to the movement, newest first (`emulation_services` records each write)."""
    return list(movement.events.select_related("actor").order_by("-at", "-id")[:limit])
