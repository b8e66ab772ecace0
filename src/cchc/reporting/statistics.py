"""The statistics engine: the dossier-results form for a unit and a window.

One aggregating query per report (conditional counts grouped by sector or by receiving unit,
rules from `counting`), then the identities of `figures` are checked on every row and the
total before the result is returned — nothing that does not add up leaves this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Count, Q, QuerySet

from cchc.catalog.models import Sector
from cchc.core.text import fold
from cchc.dossiers.models import Dossier
from cchc.units.models import Unit, UnitKind

from . import counting, figures
from .figures import Counts
from .periods import Window


class GroupBy(StrEnum):
    SECTOR = "sector"
    UNIT = "unit"


# Roll-up rows are grouped by level, as the provincial forms print them.
UNIT_GROUPS: dict[str, tuple[int, str]] = {
    UnitKind.PROVINCE: (0, "Cấp tỉnh"),
    UnitKind.DEPARTMENT: (1, "Sở, ban, ngành, phòng chuyên môn"),
    UnitKind.SERVICE_CENTRE: (1, "Sở, ban, ngành, phòng chuyên môn"),
    UnitKind.BRANCH: (1, "Sở, ban, ngành, phòng chuyên môn"),
    UnitKind.OTHER: (1, "Sở, ban, ngành, phòng chuyên môn"),
    UnitKind.DISTRICT: (2, "Cấp huyện"),
    UnitKind.COMMUNE: (3, "Cấp xã"),
}


@dataclass(frozen=True)
class ResultRow:
    key: str  # sector code or unit code
    label: str
    counts: Counts
    group: str = ""  # for unit rows: the level heading
    group_id: int | None = None  # the sector's or unit's id (links to the records behind)

    def as_json(self) -> dict:
        return {"key": self.key, "label": self.label, **self.counts.as_dict()}


@dataclass(frozen=True)
class DossierResults:
    unit: Unit
    window: Window
    by: GroupBy
    include_children: bool
    rows: tuple[ResultRow, ...]
    total: Counts

    @property
    def recipient(self) -> Unit | None:
        """The receiving unit of the form: the unit above the reporting unit."""
        return self.unit.parent

    @property
    def footnote(self) -> str:
        return counting.FOOTNOTE.format(range=self.window.range_text.lower())

    def as_json(self) -> dict:
        """The report JSON of formats.md (keys exactly as written there)."""
        return {
            "report": "dossier-results",
            "unit": {"code": self.unit.code, "name": self.unit.name},
            "period": {
                "label": self.window.label,
                "start": self.window.start.isoformat(),
                "end": self.window.end.isoformat(),
            },
            "by": str(self.by),
            "include_children": self.include_children,
            "rows": [row.as_json() for row in self.rows],
            "total": self.total.as_dict(),
        }


def unit_ids(unit: Unit, include_children: bool) -> list[int]:
    if not include_children:
        return [unit.pk]
    return list(Unit.objects.filter(path__startswith=unit.path).values_list("id", flat=True))


def dossiers_of(unit: Unit, include_children: bool) -> QuerySet[Dossier]:
    """Dossiers received by the unit (and its subordinate units): each counted once, by the
    unit that received it."""
    ids = unit_ids(unit, include_children)
    if len(ids) == 1:
        return Dossier.objects.filter(unit_id=ids[0])
    return Dossier.objects.filter(unit_id__in=ids)


def count_rows(queryset: QuerySet[Dossier], win: Window, group_field: str) -> dict[int, Counts]:
    """The eight counted columns per `group_field` value, in one aggregating query."""
    rules = counting.column_rules(win)
    aggregates = {column: Count("id", filter=rule) for column, rule in rules.items()}
    result = counting.counted(queryset, win).values(group_field).annotate(**aggregates).order_by()
    return {row[group_field]: Counts.from_leaves(row) for row in result}


def count_total(queryset: QuerySet[Dossier], win: Window) -> Counts:
    """The eleven figures over the whole queryset, in one aggregating query."""
    rules = counting.column_rules(win)
    aggregates = {column: Count("id", filter=rule) for column, rule in rules.items()}
    return Counts.from_leaves(counting.counted(queryset, win).aggregate(**aggregates))


def dossier_results(
    unit: Unit,
    win: Window,
    *,
    by: GroupBy | str = GroupBy.SECTOR,
    include_children: bool = False,
) -> DossierResults:
    """The 13-column form for `unit` over `win`; raises `figures.IdentityError` if a row or
    the total does not add up (it cannot, by construction, unless the rules are broken)."""
    by = GroupBy(by)
    queryset = dossiers_of(unit, include_children)
    if by is GroupBy.SECTOR:
        per_group = count_rows(queryset, win, "procedure__sector_id")
        rows = _sector_rows(per_group)
    else:
        per_group = count_rows(queryset, win, "unit_id")
        rows = _unit_rows(per_group, unit, include_children, win)
    grand_total = figures.total(row.counts for row in rows)
    figures.check(((row.label, row.counts) for row in rows), grand_total)
    return DossierResults(unit, win, by, include_children, tuple(rows), grand_total)


def _sector_rows(per_group: dict[int, Counts]) -> list[ResultRow]:
    sectors = Sector.objects.in_bulk(per_group.keys())
    rows = [
        ResultRow(sectors[pk].code, sectors[pk].name, counts, group_id=pk)
        for pk, counts in per_group.items()
        if counts.received_total
    ]
    return sorted(rows, key=lambda row: fold(row.label))


def _unit_rows(
    per_group: dict[int, Counts], unit: Unit, include_children: bool, win: Window
) -> list[ResultRow]:
    """One row per receiving unit; with children, every unit of the subtree that existed
    during the window, with zeros where it received nothing, grouped by level."""
    units = Unit.objects.filter(path__startswith=unit.path) if include_children else None
    if units is None:
        units = Unit.objects.filter(pk=unit.pk)
    units = units.filter(
        Q(pk__in=per_group.keys())
        | (
            (Q(valid_from__isnull=True) | Q(valid_from__lte=win.end))
            & (Q(valid_to__isnull=True) | Q(valid_to__gte=win.start))
        )
    )
    rows = []
    for member in units:
        order, heading = UNIT_GROUPS.get(member.kind, (1, ""))
        own = member.pk == unit.pk
        rows.append(
            (
                (-1 if own else order, fold(member.name)),
                ResultRow(
                    member.code,
                    member.name,
                    per_group.get(member.pk, Counts()),
                    group="" if own else heading,
                    group_id=member.pk,
                ),
            )
        )
    return [row for _, row in sorted(rows, key=lambda pair: pair[0])]


def records_behind(
    unit: Unit,
    win: Window,
    column: str,
    *,
    by: GroupBy | str = GroupBy.SECTOR,
    group_id: int | None = None,
    include_children: bool = False,
) -> QuerySet[Dossier]:
    """The dossiers behind one figure of the form (a cell, or a column of the total row)."""
    queryset = counting.counted(dossiers_of(unit, include_children), win)
    if group_id is not None:
        field = "procedure__sector_id" if GroupBy(by) is GroupBy.SECTOR else "unit_id"
        queryset = queryset.filter(**{field: group_id})
    return queryset.filter(counting.column_filter(column, win))
