"""Reads of the reform index, unit-scoped: rounds and participations a user may see, and
the derived results of a round (points, maxima, indices, grades, ranks, sub-indices, change
against last year), computed by the pure `index` module from the stored leaf scores.

A round is visible to a user who may see its organiser or one of its participating units. A
participation (one unit's scores) is visible to the organiser's staff and to the unit's own;
another unit's participation answers 404. Published results (the ranking table) are visible
to everyone who sees the round.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.http import Http404

from cchc.units.models import Role, Unit, UnitKind
from cchc.units.permissions import can_act, visible_unit_ids

from . import index
from .models import (
    AssessmentRound,
    CriteriaSet,
    Criterion,
    Part,
    Participation,
    RoundStatus,
    Score,
    StatedTotal,
)

SELF_ROLES = (Role.REFORM_OFFICER, Role.UNIT_LEADER, Role.ADMINISTRATOR)
APPRAISER_ROLES = (Role.APPRAISER, Role.ADMINISTRATOR)
ORGANISER_ROLES = (Role.REFORM_OFFICER, Role.APPRAISER, Role.UNIT_LEADER, Role.ADMINISTRATOR)


# -- visibility ----------------------------------------------------------------------------


def visible_rounds(user) -> QuerySet[AssessmentRound]:
    ids = visible_unit_ids(user)
    return (
        AssessmentRound.objects.filter(Q(organiser_id__in=ids) | Q(participations__unit_id__in=ids))
        .select_related("criteria_set", "organiser")
        .distinct()
    )


def round_for(user, pk: int) -> AssessmentRound:
    found = visible_rounds(user).filter(pk=pk).first()
    if found is None:
        raise Http404("Không tìm thấy đợt đánh giá.")
    return found


def participation_for(user, pk: int) -> Participation:
    ids = visible_unit_ids(user)
    found = (
        Participation.objects.select_related("round__criteria_set", "round__organiser", "unit")
        .filter(pk=pk)
        .filter(Q(unit_id__in=ids) | Q(round__organiser_id__in=ids))
        .first()
    )
    if found is None:
        raise Http404("Không tìm thấy kết quả đánh giá của đơn vị.")
    return found


def can_self_score(user, participation: Participation) -> bool:
    """The unit's own staff — never the organiser's, who would appraise what they wrote
    (a district's reform officer reaches its communes but does not self-assess for them)."""
    return can_act(user, participation.unit, *SELF_ROLES) and not can_act(
        user, participation.round.organiser, *ORGANISER_ROLES
    )


def own_participations(user) -> QuerySet[Participation]:
    """The sheets the user self-assesses (`can_self_score`), newest round first."""
    return (
        Participation.objects.filter(unit_id__in=visible_unit_ids(user, SELF_ROLES))
        .exclude(round__organiser_id__in=visible_unit_ids(user, ORGANISER_ROLES))
        .select_related("round", "unit")
        .order_by("-round__year", "unit__path")
    )


def can_appraise(user, round_: AssessmentRound) -> bool:
    return can_act(user, round_.organiser, *APPRAISER_ROLES)


def can_organise(user, round_: AssessmentRound) -> bool:
    return can_act(user, round_.organiser, *ORGANISER_ROLES)


ORGANISER_KINDS = (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.DEPARTMENT)


def organiser_units(user) -> QuerySet[Unit]:
    """Units the user may open rounds for: a province, a district, or a department (the Sở
    Nội vụ assesses the province's districts) — never a commune, which has nobody below."""
    return Unit.objects.filter(
        id__in=visible_unit_ids(user, ORGANISER_ROLES), kind__in=ORGANISER_KINDS
    ).order_by("path")


# -- the tree ------------------------------------------------------------------------------


def nodes_of(criteria_set: CriteriaSet) -> list[index.Node]:
    rows = Criterion.objects.filter(criteria_set=criteria_set).select_related("parent")
    return [
        index.Node(
            c.code,
            c.name,
            c.parent.code if c.parent_id else None,
            c.max_points,
            c.part,
        )
        for c in rows.order_by("sort_key")
    ]


def leaves_of(criteria_set: CriteriaSet) -> list[Criterion]:
    return list(
        Criterion.objects.filter(criteria_set=criteria_set, children__isnull=True).order_by(
            "sort_key"
        )
    )


# -- results -------------------------------------------------------------------------------


@dataclass
class Previous:
    round: AssessmentRound
    index: Decimal | None
    rank: int | None
    of: int


@dataclass
class RoundResults:
    round: AssessmentRound
    areas: list[index.Node]
    units: list[index.UnitResult]  # ranked, best first; key = Participation
    previous: dict[int, Previous] = field(default_factory=dict)  # by unit id

    @property
    def published(self) -> bool:
        return self.round.status == RoundStatus.PUBLISHED

    def of(self, participation: Participation) -> index.UnitResult:
        return next(r for r in self.units if r.key.pk == participation.pk)

    def change(self, result: index.UnitResult) -> Decimal | None:
        before = self.previous.get(result.key.unit_id)
        return index.change(result.index, before.index if before else None)

    def rank_change(self, result: index.UnitResult) -> int | None:
        """Places gained (positive) or lost since last year ("tăng 03 bậc", seed 003)."""
        before = self.previous.get(result.key.unit_id)
        if before is None or before.rank is None or result.rank is None:
            return None
        return before.rank - result.rank


def _scores_by_participation(round_: AssessmentRound) -> dict[int, dict[str, index.LeafScore]]:
    found: dict[int, dict[str, index.LeafScore]] = defaultdict(dict)
    rows = Score.objects.filter(participation__round=round_).values_list(
        "participation_id", "criterion__code", "applicable", "self_points", "appraised_points"
    )
    for participation_id, code, applicable, own, appraised in rows:
        points = appraised if appraised is not None else own
        found[participation_id][code] = index.LeafScore(applicable, points)
    return found


def _stated_by_participation(round_: AssessmentRound) -> dict[int, dict[str | None, Decimal]]:
    found: dict[int, dict[str | None, Decimal]] = defaultdict(dict)
    rows = StatedTotal.objects.filter(participation__round=round_).values_list(
        "participation_id", "criterion__code", "points"
    )
    for participation_id, code, points in rows:
        found[participation_id][code] = points
    return found


def results_of(round_: AssessmentRound, *, with_previous: bool = True) -> RoundResults:
    """Every participating unit's derived result, ranked. Two queries for the scores, one
    for the tree, whatever the number of units."""
    nodes = nodes_of(round_.criteria_set)
    grades = index.grades_from(round_.criteria_set.grades)
    scores = _scores_by_participation(round_)
    stated = _stated_by_participation(round_)
    participations = list(round_.participations.select_related("unit").order_by("unit__path"))
    units = [
        index.unit_result(p, p.unit.name, nodes, scores.get(p.pk, {}), grades, stated.get(p.pk, {}))
        for p in participations
    ]
    ranked = index.rank(units)
    areas = [n for n in nodes if n.parent is None]
    results = RoundResults(round_, areas, ranked)
    if with_previous:
        results.previous = previous_of(round_, [p.unit_id for p in participations])
    return results


def previous_of(round_: AssessmentRound, unit_ids: list[int]) -> dict[int, Previous]:
    """Each unit's result in a published round of the year before (same unit kind)."""
    rounds = AssessmentRound.objects.filter(
        year=round_.year - 1,
        status=RoundStatus.PUBLISHED,
        criteria_set__unit_kind=round_.criteria_set.unit_kind,
        participations__unit_id__in=unit_ids,
    ).distinct()
    found: dict[int, Previous] = {}
    for earlier in rounds.select_related("criteria_set"):
        results = results_of(earlier, with_previous=False)
        for result in results.units:
            found.setdefault(
                result.key.unit_id,
                Previous(earlier, result.index, result.rank, len(results.units)),
            )
    return found


def unit_result(participation: Participation) -> index.UnitResult:
    """One unit's result (its rank within the round included)."""
    return results_of(participation.round, with_previous=False).of(participation)


def unit_index(round_: AssessmentRound, unit: Unit) -> Decimal | None:
    """The unit's index in the round (None if it does not take part or has no maximum) —
    what emulation criteria read."""
    results = results_of(round_, with_previous=False)
    for result in results.units:
        if result.key.unit_id == unit.pk:
            return result.index
    return None


def lost_leaves(result: index.UnitResult) -> list[index.NodeResult]:
    """Applicable leaves of the unit's own and survey parts that did not get full points."""
    return [
        leaf
        for leaf in result.leaves()
        if leaf.applicable and leaf.part in (Part.SELF, Part.SURVEY) and leaf.lost > 0
    ]
