"""Emulation results as pure functions — no Django.

- A computed criterion turns a percentage into points: max × percentage ÷ 100 (the reform
  index of a round, a dossier rate), two decimals, half up; a percentage above 100 or below 0
  is held to the range (the criterion's maximum is its ceiling).
- A participant's total is the sum of its criteria's points (a criterion without points
  counts 0); it is derived on every read, never stored.
- Ranking: by total, highest first; ties share a rank (1, 2, 2, 4); a participant with no
  points at all has no rank. The same rule ranks within each cluster.
- The dossier sentence of the movement report is written from the statistics engine's
  counts, so its parts always add up to its totals (seed 004 printed 2.779 resolved =
  7 on time + 2.779 early).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from cchc.core import vnformat
from cchc.core.ranking import ranks
from cchc.reporting.figures import Counts

ZERO = Decimal(0)
CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def scaled(max_points: Decimal, percent: Decimal) -> Decimal:
    """max × percent ÷ 100, two decimals (20 points at an index of 85,74 → 17,15)."""
    bounded = min(max(Decimal(percent), ZERO), HUNDRED)
    return (Decimal(max_points) * bounded / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def total(points: Iterable[Decimal | None]) -> Decimal:
    """The sum of the points a participant has (missing ones count 0)."""
    return sum((p for p in points if p is not None), ZERO)


def rank(totals: Sequence[tuple[Hashable, Decimal | None]]) -> dict[Hashable, int | None]:
    """Competition ranking of (key, total) pairs (`core.ranking.ranks`)."""
    return ranks(totals)


def rank_in_groups(
    rows: Sequence[tuple[Hashable, str, Decimal | None]],
) -> dict[Hashable, int | None]:
    """Ranks within each group of (key, group, total) rows, by the same rule."""
    groups: dict[str, list[tuple[Hashable, Decimal | None]]] = {}
    for key, group, value in rows:
        groups.setdefault(group, []).append((key, value))
    found: dict[Hashable, int | None] = {}
    for members in groups.values():
        found.update(rank(members))
    return found


def _count(value: int) -> str:
    return f"{vnformat.number(value)} hồ sơ"


def dossier_clause(counts: Counts) -> str:
    """ "đã tiếp nhận 2.790 hồ sơ, đã giải quyết 2.779 hồ sơ, trong đó trước hạn 2.772 hồ sơ,
    đúng hạn 7 hồ sơ, quá hạn 0 hồ sơ; còn đang giải quyết 11 hồ sơ (trong hạn 11 hồ sơ, quá
    hạn 0 hồ sơ)" — every total the sum of the parts printed after it."""
    received = f"đã tiếp nhận {_count(counts.received_total)}"
    if counts.carried_over:
        received += (
            f" (mới tiếp nhận {_count(counts.received_new)}, kỳ trước chuyển qua "
            f"{_count(counts.carried_over)})"
        )
    return (
        f"{received}, đã giải quyết {_count(counts.resolved_total)}, trong đó trước hạn "
        f"{_count(counts.resolved_early)}, đúng hạn {_count(counts.resolved_on_time)}, quá hạn "
        f"{_count(counts.resolved_late)}; còn đang giải quyết {_count(counts.pending_total)} "
        f"(trong hạn {_count(counts.pending_in_time)}, quá hạn {_count(counts.pending_overdue)})"
    )
