"""The reform index as pure functions — no Django.

- A unit's points are the sum of its applicable leaves' points (plus bonus, minus penalty);
  its maximum is the sum of its applicable leaves' maxima. Non-applicable leaves leave the
  maximum: that is why communes under one set have maxima of 94, 95,5, 97.
- Index = points ÷ maximum × 100, two decimals, half up (seed 002: 81,45 / 95 → 85,74).
  Sub-indices per area the same way over the area's leaves.
- The grade is the first band (highest first) whose minimum the index reaches.
- Ranking: by index, highest first; ties share a rank (1, 2, 2, 4).
- Totals are derived, never typed: a stated total that disagrees with its parts is flagged
  and not used (seed 002, Đăk Ruồng: areas 76,65 while the stated total is 78,15).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from cchc.core.ranking import ranks

ZERO = Decimal(0)
CENT = Decimal("0.01")
HUNDRED = Decimal(100)

SELF, SURVEY, BONUS, PENALTY = "self", "survey", "bonus", "penalty"
EXTRA_PARTS = (BONUS, PENALTY)  # outside the maximum


@dataclass(frozen=True)
class Node:
    """A criterion of the set. `max_points` only on leaves."""

    code: str
    name: str
    parent: str | None = None
    max_points: Decimal | None = None
    part: str = SELF


@dataclass(frozen=True)
class LeafScore:
    applicable: bool = True
    points: Decimal | None = None  # None: not scored yet


@dataclass(frozen=True)
class Grade:
    name: str
    min: Decimal


@dataclass
class NodeResult:
    code: str
    name: str
    points: Decimal = ZERO
    max: Decimal = ZERO
    leaf: bool = False
    applicable: bool = True
    scored: bool = True  # every applicable leaf below has points
    part: str = SELF
    children: list[NodeResult] = field(default_factory=list)

    @property
    def index(self) -> Decimal | None:
        return index_of(self.points, self.max)

    @property
    def lost(self) -> Decimal:
        return self.max - self.points if self.applicable else ZERO


@dataclass(frozen=True)
class Mismatch:
    """A stated total that disagrees with the sum of its parts."""

    code: str | None  # None: the unit's total
    stated: Decimal
    derived: Decimal


@dataclass
class UnitResult:
    key: object  # the caller's handle (a unit code, a participation id)
    name: str
    areas: list[NodeResult]
    bonus: Decimal = ZERO
    penalty: Decimal = ZERO
    grade: str = ""
    rank: int | None = None
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def points(self) -> Decimal:
        total = sum((a.points for a in self.areas if a.part not in EXTRA_PARTS), ZERO)
        return total + self.bonus - self.penalty

    @property
    def max(self) -> Decimal:
        return sum((a.max for a in self.areas if a.part not in EXTRA_PARTS), ZERO)

    @property
    def index(self) -> Decimal | None:
        return index_of(self.points, self.max)

    @property
    def complete(self) -> bool:
        return all(area.scored for area in self.areas)

    def node(self, code: str) -> NodeResult | None:
        stack = list(self.areas)
        while stack:
            item = stack.pop()
            if item.code == code:
                return item
            stack.extend(item.children)
        return None

    def leaves(self) -> list[NodeResult]:
        found: list[NodeResult] = []

        def walk(items):
            for item in items:
                if item.leaf:
                    found.append(item)
                walk(item.children)

        walk(self.areas)
        return found


def index_of(points: Decimal, maximum: Decimal) -> Decimal | None:
    if not maximum:
        return None
    return (points * HUNDRED / maximum).quantize(CENT, rounding=ROUND_HALF_UP)


def grade_of(index: Decimal | None, grades: Sequence[Grade]) -> str:
    if index is None:
        return ""
    for grade in sorted(grades, key=lambda g: g.min, reverse=True):
        if index >= grade.min:
            return grade.name
    return ""


def grades_from(raw: Iterable[Mapping]) -> list[Grade]:
    return [Grade(str(g["name"]), Decimal(str(g["min"]))) for g in raw]


def tree(nodes: Sequence[Node]) -> dict[str | None, list[Node]]:
    """Children by parent code, in the given order."""
    children: dict[str | None, list[Node]] = {}
    for node in nodes:
        children.setdefault(node.parent, []).append(node)
    return children


def _evaluate(node: Node, children, scores: Mapping[str, LeafScore]) -> NodeResult:
    below = children.get(node.code, [])
    if not below:
        score = scores.get(node.code, LeafScore())
        top = node.max_points or ZERO
        if not score.applicable:
            return NodeResult(node.code, node.name, ZERO, ZERO, True, False, True, node.part)
        return NodeResult(
            node.code,
            node.name,
            score.points if score.points is not None else ZERO,
            top,
            leaf=True,
            # An empty bonus or penalty is nothing to add or take, not a missing score.
            scored=score.points is not None or node.part in EXTRA_PARTS,
            part=node.part,
        )
    parts = [_evaluate(child, children, scores) for child in below]
    return NodeResult(
        node.code,
        node.name,
        sum((p.points for p in parts), ZERO),
        sum((p.max for p in parts), ZERO),
        leaf=False,
        applicable=any(p.applicable for p in parts),
        scored=all(p.scored for p in parts),
        part=node.part,
        children=parts,
    )


def unit_result(
    key,
    name: str,
    nodes: Sequence[Node],
    scores: Mapping[str, LeafScore],
    grades: Sequence[Grade] = (),
    stated: Mapping[str | None, Decimal] | None = None,
) -> UnitResult:
    """One unit's result from its leaf scores. Bonus and penalty leaves (anywhere in the
    tree) add to and take from the points without entering the maximum."""
    children = tree(nodes)
    areas = [_evaluate(node, children, scores) for node in children.get(None, [])]
    by_code = {n.code: n for n in nodes}
    extra = {BONUS: ZERO, PENALTY: ZERO}
    for area in areas:
        _pull_extras(area, by_code, extra)
    result = UnitResult(key, name, areas, extra[BONUS], extra[PENALTY])
    result.grade = grade_of(result.index, grades)
    result.mismatches = check_stated(result, stated or {})
    return result


def _pull_extras(item: NodeResult, by_code, extra) -> None:
    """Move bonus/penalty leaves' points out of the sums they sit in."""
    for child in item.children:
        _pull_extras(child, by_code, extra)
    if item.leaf and item.part in EXTRA_PARTS:
        extra[item.part] += item.points
    if not item.leaf:
        kept = [c for c in item.children if c.part not in EXTRA_PARTS]
        item.points = sum((c.points for c in kept), ZERO)
        item.max = sum((c.max for c in kept), ZERO)


def check_stated(result: UnitResult, stated: Mapping[str | None, Decimal]) -> list[Mismatch]:
    found = []
    for code, value in stated.items():
        derived = result.points if code is None else _points_of(result, code)
        if derived is not None and Decimal(value) != derived:
            found.append(Mismatch(code, Decimal(value), derived))
    return found


def _points_of(result: UnitResult, code: str) -> Decimal | None:
    node = result.node(code)
    return None if node is None else node.points


def rank(results: list[UnitResult]) -> list[UnitResult]:
    """Set `rank` on each result (`core.ranking`: ties share a rank; no index, no rank) and
    return them best first."""
    positions = ranks([(id(r), r.index) for r in results])
    for result in results:
        result.rank = positions[id(result)]
    return sorted(results, key=lambda r: (r.rank is None, r.rank or 0, str(r.name)))


def change(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """Index change against last year (points of index), None without both."""
    if current is None or previous is None:
        return None
    return current - previous
