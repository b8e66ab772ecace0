"""Auto-scored leaves: what a leaf's source says about a unit for the round's year, and the
points its method makes of it.

The figures come from the same registered sources the periodic reports use
(`cchc.reporting.sources`), over the year's data cut-off window (`periods.window(year)`), so
an auto-scored leaf shows exactly the ratio the statistics reports show for that period.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cchc.core import vnformat
from cchc.reporting import periods, sources
from cchc.units.models import Unit

from . import methods
from .models import Criterion

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class AutoValue:
    value: Decimal | None  # as the source gives it: a percentage or a count
    points: Decimal | None  # None: the data say nothing (no report due, no dossier…)
    provenance: str
    link: str = ""


def year_window(year: int) -> periods.Window:
    return periods.window(str(year), periods.Basis.CUTOFF)


def context_for(unit: Unit, year: int) -> sources.SourceContext:
    """One context per unit and year: every leaf of a unit reads its aggregates once."""
    return sources.SourceContext(unit, year_window(year))


def facts_of(computed: sources.Computed) -> methods.Facts:
    ratio = None
    if computed.value is not None:
        value = Decimal(computed.value)
        ratio = value / HUNDRED if computed.percent else value
    parts = computed.parts or {}
    return methods.Facts(
        ratio=ratio, late=int(parts.get("late", 0)), undone=int(parts.get("undone", 0))
    )


def evaluate(criterion: Criterion, context: sources.SourceContext) -> AutoValue | None:
    """None for a leaf without a source (scored by hand)."""
    if not criterion.source:
        return None
    computed = sources.compute(criterion.source, context)
    if computed is None:
        return AutoValue(
            None, None, f"Nguồn số liệu “{criterion.source}” chưa có trong hệ thống; chấm tay."
        )
    facts = facts_of(computed)
    points = methods.score(criterion.method, criterion.max_points, criterion.params, facts)
    if computed.value is None:
        return AutoValue(None, None, f"{computed.provenance} Chưa có số liệu để tính điểm.")
    shown = (
        vnformat.percent(computed.value, 2)
        if computed.percent
        else vnformat.trimmed(computed.value)
    )
    told = f"{computed.provenance} Giá trị: {shown}"
    if points is not None:
        told += f" → {vnformat.trimmed(points)}/{vnformat.trimmed(criterion.max_points)} điểm."
    return AutoValue(Decimal(computed.value), points, told, computed.link)
