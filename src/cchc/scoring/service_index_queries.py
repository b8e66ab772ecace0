"""Reads of the service index (Chỉ số 766): the figures of every indicator for units and
periods, scored by the pure `service_index` under the rule set in force for each period.

Periods are calendar months and quarters (`reporting.periods.window(…, "calendar")`). A unit
is counted with its own dossiers, or with every unit below it (`children`: each dossier once,
by the unit that received it, as the statistics engine counts). Its procedures are those of
its level in the catalogue (a department or service centre serves the level of the province,
district or commune above it); with its subtree, the levels of every unit in it.

However many units and periods are asked for at once (a ranking: every unit of a kind for a
period; a unit's page: its period and the twelve months of the year), the figures come from:
- ONE round trip for the dossier figures: per period, one aggregation grouped by receiving
  unit over `counting.counted` with `counting.column_rules` — the very rules of the
  dossier-results form, so timeliness equals that form — plus conditional counts for the
  other measures; the periods joined by UNION ALL (as the dashboard does), then rolled up
  to each unit's subtree in Python;
- ONE round trip for the online procedures that had online dossiers (grouped by unit and
  procedure, per period, UNION ALL);
- ONE aggregation of the catalogue per level (with "published by the period's end" per
  period);
- ONE read of the figures the province entered;
- the satisfaction source (`feedback.satisfaction_rate`, through `reporting.sources`) per
  unit and period — a registered source computes itself and cannot be batched from here.

Visibility (staff pages): the roles of the reform index pages; a unit outside the user's
reach answers 404, a user without one of the roles 403. The public page sees every unit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value
from django.http import Http404

from cchc.catalog.models import ChangeKind, Level, OnlineMode, Procedure, PublicationItem
from cchc.dossiers.models import ComponentForm, Dossier, DossierComponent, Status
from cchc.reporting import counting, periods, sources
from cchc.reporting.figures import LEAVES, Counts
from cchc.units.models import Role, Unit, UnitKind
from cchc.units.permissions import has_role, visible_unit_ids

from . import service_index as si
from . import service_rules
from .models import ServiceIndexEntry

ROLES = (Role.REFORM_OFFICER, Role.UNIT_LEADER, Role.ADMINISTRATOR, Role.APPRAISER)
RANKED_KINDS = (
    UnitKind.PROVINCE,
    UnitKind.DEPARTMENT,
    UnitKind.SERVICE_CENTRE,
    UnitKind.DISTRICT,
    UnitKind.COMMUNE,
)
KIND_PLURALS = {
    UnitKind.PROVINCE: "tỉnh, thành phố",
    UnitKind.DEPARTMENT: "sở, ban, ngành, phòng chuyên môn",
    UnitKind.SERVICE_CENTRE: "trung tâm phục vụ hành chính công",
    UnitKind.DISTRICT: "huyện, quận, thị xã, thành phố thuộc tỉnh",
    UnitKind.COMMUNE: "xã, phường, thị trấn",
}
BASIS = periods.Basis.CALENDAR


# -- periods ---------------------------------------------------------------------------------


def period_window(text: str, today: date) -> periods.Window:
    """A month ("2025-03") or a quarter ("2025-Q1") on calendar windows, begun by `today`;
    `periods.PeriodError` (Vietnamese) otherwise."""
    win = periods.window(text, BASIS)
    if win.kind not in (periods.Kind.MONTH, periods.Kind.QUARTER):
        raise periods.PeriodError(
            "Chỉ số 766 tính theo tháng hoặc quý: chọn một tháng (2025-03) hoặc một quý (2025-Q1)."
        )
    if win.start > today:
        raise periods.PeriodError(f"Kỳ {win.title} chưa bắt đầu.")
    return win


def months_of(year: int, today: date) -> list[periods.Window]:
    """The calendar months of `year` begun by `today` (all twelve for a past year)."""
    return [
        periods.named(periods.Kind.MONTH, year, month, BASIS)
        for month in range(1, 13)
        if date(year, month, 1) <= today
    ]


def recent_periods(today: date, months: int = 12, quarters: int = 8) -> list[periods.Window]:
    """The latest months and quarters begun by `today`, newest first (the period choices)."""
    found = []
    win = periods.period_containing(periods.Kind.MONTH, today, BASIS)
    for _ in range(months):
        found.append(win)
        win = win.previous()
    win = periods.period_containing(periods.Kind.QUARTER, today, BASIS)
    for _ in range(quarters):
        found.append(win)
        win = win.previous()
    return found


# -- scope ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """A unit as the index counts it: the receiving units whose dossiers count and the
    catalogue levels whose procedures count."""

    unit: Unit
    children: bool
    members: frozenset[int]
    levels: tuple[str, ...]

    @property
    def text(self) -> str:
        return sources.SCOPE_LABELS["all" if self.children else "self"].format(unit=self.unit.name)

    @property
    def levels_text(self) -> str:
        return ", ".join(Level(level).label.lower() for level in self.levels) or "không có"


ADMINISTRATIVE_LEVELS = {
    UnitKind.PROVINCE: Level.PROVINCE,
    UnitKind.DISTRICT: Level.DISTRICT,
    UnitKind.COMMUNE: Level.COMMUNE,
}


def _codes_above(path: str) -> list[str]:
    return path.strip("/").split("/")[:-1]


def scopes_of(units: Sequence[Unit], *, children: bool) -> dict[int, Scope]:
    """Each unit's scope: itself, or its subtree (one query for all the subtrees)."""
    members: dict[int, list[tuple[int, str, str]]] = {u.pk: [(u.pk, u.path, u.kind)] for u in units}
    if children and units:
        prefixes = Q()
        for unit in units:
            prefixes |= Q(path__startswith=unit.path)
        rows = list(Unit.objects.filter(prefixes).values_list("id", "path", "kind"))
        members = {u.pk: [row for row in rows if row[1].startswith(u.path)] for u in units}
    kinds_by_code = _kinds_above(row for rows in members.values() for row in rows)
    found = {}
    for unit in units:
        levels = {_level_of(path, kind, kinds_by_code) for _, path, kind in members[unit.pk]}
        ordered = tuple(level for level in Level.values if level in levels)
        ids = frozenset(pk for pk, _, _ in members[unit.pk])
        found[unit.pk] = Scope(unit, children, ids, ordered)
    return found


def _kinds_above(rows) -> dict[str, str]:
    """Kinds of the units above those that are not a province, district or commune (one
    query, only when there are such units)."""
    codes = {
        code
        for _, path, kind in rows
        if kind not in ADMINISTRATIVE_LEVELS
        for code in _codes_above(path)
    }
    if not codes:
        return {}
    return dict(Unit.objects.filter(code__in=codes).values_list("code", "kind"))


def _level_of(path: str, kind: str, kinds_by_code: dict[str, str]) -> str:
    """The catalogue level a unit serves: its own for a province, district or commune; for a
    department, service centre or branch the level of the nearest of those above it (a
    district's phòng serves district procedures, a provincial sở province ones); without
    one, as `reporting.sources` counts (a department: province, otherwise district)."""
    if kind in ADMINISTRATIVE_LEVELS:
        return ADMINISTRATIVE_LEVELS[kind]
    for code in reversed(_codes_above(path)):
        above = kinds_by_code.get(code)
        if above in ADMINISTRATIVE_LEVELS:
            return ADMINISTRATIVE_LEVELS[above]
    return sources.LEVEL_OF_KIND.get(kind, Level.DISTRICT)


# -- the dossier figures ----------------------------------------------------------------------

# Named apart from the dossier fields: an aggregate named like a field would shadow it in
# the filters of the aggregates after it.
EXTRA = (
    "n_with_result",
    "n_e_result",
    "n_coded",
    "n_digitised",
    "n_reused",
    "n_fee",
    "n_fee_paid_online",
)
DIGITISED = Q(digitised=True) | Q(
    Exists(
        DossierComponent.objects.filter(dossier=OuterRef("pk")).filter(
            Q(digitised=True) | Q(form=ComponentForm.ELECTRONIC)
        )
    )
)
REUSED = Q(Exists(DossierComponent.objects.filter(dossier=OuterRef("pk"), reused_from_store=True)))
FEE = Q(procedure__fee__gt=0)


def _tag(tag: int):
    return Value(tag, output_field=IntegerField())


def _dossier_part(queryset: QuerySet[Dossier], win: periods.Window, tag: int) -> QuerySet:
    """One period's dossier figures per receiving unit: the eight counted columns of the
    dossier-results form and the counts the other measures need."""
    rules = counting.column_rules(win)
    _, end = counting.window_bounds(win)
    new = rules["received_online"] | rules["received_offline"]
    with_result = Q(finished_at__lt=end, status__in=(Status.RESOLVED, Status.RETURNED))
    aggregates = {column: Count("id", filter=rules[column]) for column in LEAVES}
    aggregates.update(
        n_with_result=Count("id", filter=with_result),
        n_e_result=Count("id", filter=with_result & Q(e_result=True)),
        n_coded=Count("id", filter=new & Q(code__gt="")),
        n_digitised=Count("id", filter=new & DIGITISED),
        n_reused=Count("id", filter=new & REUSED),
        n_fee=Count("id", filter=new & FEE),
        n_fee_paid_online=Count("id", filter=new & FEE & Q(paid_online=True)),
    )
    return (
        counting.counted(queryset, win)
        .order_by()
        .values("unit_id", window=_tag(tag))
        .annotate(**aggregates)
    )


def _online_used_part(queryset: QuerySet[Dossier], win: periods.Window, tag: int) -> QuerySet:
    """One period's (unit, procedure) pairs of new online dossiers of online procedures."""
    rules = counting.column_rules(win)
    return (
        counting.counted(queryset, win)
        .filter(rules["received_online"])
        .filter(procedure__active=True, procedure__internal=False)
        .exclude(procedure__online_mode=OnlineMode.NONE)
        .order_by()
        .values("unit_id", "procedure_id", "procedure__level", window=_tag(tag))
        .annotate(n=Count("id"))
    )


def _union(parts: list[QuerySet]) -> list[dict]:
    if not parts:
        return []
    if len(parts) == 1:
        return list(parts[0])
    return list(parts[0].union(*parts[1:], all=True))


@dataclass
class Tally:
    """Additive figures of one unit (or subtree) for one period."""

    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    online_used: set[tuple[int, str]] = field(default_factory=set)  # (procedure, level)
    entered: dict[str, list[int]] = field(default_factory=dict)  # code → [num, den]

    def leaves(self) -> Counts:
        return Counts.from_leaves(self.counts)


def _roll_up(scopes: dict[int, Scope], rows: Iterable[dict], add) -> None:
    """Hand each row (grouped by receiving unit) to every scope that holds that unit."""
    holders: dict[int, list[int]] = defaultdict(list)
    for root, scope in scopes.items():
        for member in scope.members:
            holders[member].append(root)
    for row in rows:
        for root in holders.get(row["unit_id"], ()):
            add(root, row)


# -- the catalogue ------------------------------------------------------------------------------


def _published_by(day: date) -> Q:
    """Published by `day`: in a publication decision signed by then (not as abolished), or
    the procedure's own record of its decision."""
    in_decision = PublicationItem.objects.filter(
        procedure=OuterRef("pk"), decision__signed_on__lte=day
    ).exclude(change_kind=ChangeKind.ABOLISHED)
    return Q(Exists(in_decision)) | (Q(published_on__lte=day) & ~Q(decision_ref=""))


def _catalogue(wins: Sequence[periods.Window]) -> dict[str, dict[str, int]]:
    """Procedures in force per level (one aggregation): all, online, fee-bearing, fee-bearing
    and fully online, and published by each period's end (`n_published_<tag>`)."""
    online = ~Q(online_mode=OnlineMode.NONE)
    fee = Q(fee__gt=0)
    aggregates = {
        "n_total": Count("id"),
        "n_online": Count("id", filter=online),
        "n_fee": Count("id", filter=fee),
        "n_fee_online": Count("id", filter=fee & Q(online_mode=OnlineMode.FULL)),
    }
    for tag, win in enumerate(wins):
        aggregates[f"n_published_{tag}"] = Count("id", filter=_published_by(win.end))
    rows = (
        Procedure.objects.filter(sources.procedures_in_force())
        .order_by()
        .values("level")
        .annotate(**aggregates)
    )
    return {row["level"]: row for row in rows}


# -- figures per indicator ----------------------------------------------------------------------


def _sum(catalogue, levels, key: str) -> int:
    return sum(catalogue.get(level, {}).get(key, 0) for level in levels)


def _months(win: periods.Window) -> list[tuple[int, int]]:
    found, year, month = [], win.start.year, win.start.month
    while (year, month) <= (win.end.year, win.end.month):
        found.append((year, month))
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    return found


def _source_figure(rule: si.Indicator, scope: Scope, context: sources.SourceContext) -> si.Figure:
    name, params = sources.split(rule.source)
    params.setdefault("scope", "all" if scope.children else "self")
    computed = sources.compute(f"{name}?{urlencode(params)}", context)
    if computed is None:
        return si.Figure(missing=f"Nguồn số liệu “{name}” chưa có trên hệ thống.")
    parts = computed.parts or {}
    numerator, denominator = parts.get(rule.numerator_key), parts.get(rule.denominator_key)
    if numerator is None or not denominator:
        return si.Figure(
            missing="Không có số liệu trong kỳ (chưa có phiếu đánh giá nào).",
            provenance=computed.provenance,
        )
    return si.Figure(numerator, denominator, provenance=computed.provenance)


def _figures(
    rules: si.RuleSet,
    scope: Scope,
    tally: Tally,
    catalogue: dict,
    tag: int,
    context: sources.SourceContext,
) -> dict[str, si.Figure]:
    c, levels = tally.counts, scope.levels
    leaves = tally.leaves()
    new = leaves.received_new
    online_procedures = _sum(catalogue, levels, "n_online")
    used = len({pk for pk, level in tally.online_used if level in levels})
    computed = {
        "procedures_published": (
            _sum(catalogue, levels, f"n_published_{tag}"),
            _sum(catalogue, levels, "n_total"),
        ),
        "status_published": (c["n_coded"], new),
        "timeliness": (
            leaves.resolved_early + leaves.resolved_on_time + leaves.pending_in_time,
            leaves.received_total,
        ),
        "procedures_online": (online_procedures, _sum(catalogue, levels, "n_total")),
        "online_procedures_used": (used, online_procedures),
        "dossiers_online": (leaves.received_online, new),
        "fee_procedures_online": (
            _sum(catalogue, levels, "n_fee_online"),
            _sum(catalogue, levels, "n_fee"),
        ),
        "fee_dossiers_paid_online": (c["n_fee_paid_online"], c["n_fee"]),
        "e_results": (c["n_e_result"], c["n_with_result"]),
        "dossiers_digitised": (c["n_digitised"], new),
        "data_reused": (c["n_reused"], new),
    }
    found: dict[str, si.Figure] = {}
    for rule in rules.indicators():
        if rule.measure in computed:
            numerator, denominator = computed[rule.measure]
            found[rule.code] = si.Figure(numerator, denominator)
        elif rule.measure == "entered":
            entered = tally.entered.get(rule.code)
            found[rule.code] = (
                si.Figure(*entered)
                if entered
                else si.Figure(missing="Tỉnh chưa nhập số liệu của đơn vị cho kỳ này.")
            )
        elif rule.measure == "source":
            found[rule.code] = _source_figure(rule, scope, context)
    return found


# -- computing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """A unit's index for one period (`result` None when no rule set was in force)."""

    scope: Scope
    window: periods.Window
    rules: si.RuleSet | None
    result: si.ServiceResult | None
    leaves: Counts

    @property
    def data_text(self) -> str:
        return (
            f"Hồ sơ {self.scope.text}, {self.window.range_text.lower()}; thủ tục "
            f"{self.scope.levels_text} trong danh mục TTHC hiện tại."
        )


def compute(
    units: Sequence[Unit], wins: Sequence[periods.Window], *, children: bool = False
) -> dict[tuple[int, int], Outcome]:
    """Every unit's index for every period, by (unit id, position of the period)."""
    versions = service_rules.stored()
    rules_by_tag = {
        tag: service_rules.in_force(versions, win.start) for tag, win in enumerate(wins)
    }
    scopes = scopes_of(units, children=children)
    members = sorted({pk for scope in scopes.values() for pk in scope.members})
    tallies = {(root, tag): Tally() for root in scopes for tag in range(len(wins))}
    if members and any(rules_by_tag.values()):
        queryset = Dossier.objects.filter(unit_id__in=members)
        live = [(tag, win) for tag, win in enumerate(wins) if rules_by_tag[tag]]

        def add_counts(root, row):
            counts = tallies[(root, row["window"])].counts
            for key in (*LEAVES, *EXTRA):
                counts[key] += row[key]

        def add_used(root, row):
            tallies[(root, row["window"])].online_used.add(
                (row["procedure_id"], row["procedure__level"])
            )

        _roll_up(scopes, _union([_dossier_part(queryset, w, t) for t, w in live]), add_counts)
        _roll_up(scopes, _union([_online_used_part(queryset, w, t) for t, w in live]), add_used)
        _add_entries(scopes, tallies, live, members)
    catalogue = _catalogue(wins) if any(rules_by_tag.values()) else {}
    found = {}
    for root, scope in scopes.items():
        for tag, win in enumerate(wins):
            rules, tally = rules_by_tag[tag], tallies[(root, tag)]
            result = None
            if rules is not None:
                context = sources.SourceContext(scope.unit, win)
                figures = _figures(rules, scope, tally, catalogue, tag, context)
                result = si.evaluate(scope.unit, scope.unit.name, rules, figures)
            found[(root, tag)] = Outcome(scope, win, rules, result, tally.leaves())
    return found


def _add_entries(scopes, tallies, live, members) -> None:
    months_by_tag = {tag: set(_months(win)) for tag, win in live}
    years = {year for months in months_by_tag.values() for year, _ in months}
    rows = ServiceIndexEntry.objects.filter(unit_id__in=members, year__in=years).values(
        "unit_id", "indicator", "year", "month", "numerator", "denominator"
    )

    def add(root, row):
        for tag, months in months_by_tag.items():
            if (row["year"], row["month"]) in months:
                figure = tallies[(root, tag)].entered.setdefault(row["indicator"], [0, 0])
                figure[0] += row["numerator"]
                figure[1] += row["denominator"]

    _roll_up(scopes, rows, add)


def outcome(unit: Unit, win: periods.Window, *, children: bool = False) -> Outcome:
    return compute([unit], [win], children=children)[(unit.pk, 0)]


@dataclass(frozen=True)
class UnitPage:
    outcome: Outcome
    trend: list[Outcome]  # the months of the period's year begun by today


def unit_page(unit: Unit, win: periods.Window, today: date, *, children: bool) -> UnitPage:
    """A unit's index for a period and its trend over the months of the period's year, in
    one batch."""
    months = months_of(win.year, today)
    results = compute([unit], [win, *months], children=children)
    return UnitPage(
        results[(unit.pk, 0)], [results[(unit.pk, tag)] for tag in range(1, len(months) + 1)]
    )


def public_page(
    unit: Unit, win: periods.Window, today: date, *, children: bool
) -> tuple[UnitPage, Ranking]:
    """The public page in two batches: every unit of the unit's kind for the period (the
    ranking, the unit's own index among them) and the unit alone over the months."""
    units = list(rankable(unit.kind, win))
    if unit.pk not in {u.pk for u in units}:
        units.append(unit)
    ranked = ranking(units, unit.kind, win, children=children)
    months = months_of(win.year, today)
    trend = compute([unit], months, children=children)
    page = UnitPage(ranked.position_of(unit), [trend[(unit.pk, tag)] for tag in range(len(months))])
    return page, ranked


@dataclass(frozen=True)
class Ranking:
    kind: str
    window: periods.Window
    rules: si.RuleSet | None
    outcomes: list[Outcome]  # best first; ranks on the results

    @property
    def kind_text(self) -> str:
        return KIND_PLURALS.get(self.kind, UnitKind(self.kind).label.lower())

    def position_of(self, unit: Unit) -> Outcome | None:
        return next((o for o in self.outcomes if o.scope.unit.pk == unit.pk), None)


def rankable(kind: str, win: periods.Window, ids: Iterable[int] | None = None) -> QuerySet[Unit]:
    """Units of `kind` that existed during the window (within `ids` when given)."""
    units = Unit.objects.filter(kind=kind).filter(
        (Q(valid_from__isnull=True) | Q(valid_from__lte=win.end))
        & (Q(valid_to__isnull=True) | Q(valid_to__gte=win.start))
    )
    if ids is not None:
        units = units.filter(id__in=list(ids))
    return units.order_by("path")


def ranking(units: Sequence[Unit], kind: str, win: periods.Window, *, children: bool) -> Ranking:
    results = compute(list(units), [win], children=children)
    outcomes = [results[(unit.pk, 0)] for unit in units]
    ranked = si.rank([o.result for o in outcomes if o.result is not None])
    order = {id(result): position for position, result in enumerate(ranked)}
    outcomes.sort(key=lambda o: order.get(id(o.result), len(order)))
    rules = outcomes[0].rules if outcomes else service_rules.rules_on(win.start)
    return Ranking(kind, win, rules, outcomes)


# -- who sees what -------------------------------------------------------------------------------


def require_role(user) -> None:
    if not has_role(user, *ROLES):
        raise PermissionDenied("Tài khoản của bạn không có quyền xem Chỉ số 766.")


def visible_ids(user) -> frozenset[int]:
    return visible_unit_ids(user, ROLES)


def unit_for(user, pk: int) -> Unit:
    """The unit if one of the user's roles reaches it; 404 otherwise."""
    if pk not in visible_ids(user):
        raise Http404("Không tìm thấy đơn vị.")
    return Unit.objects.select_related("parent").get(pk=pk)


def staff_units(user) -> QuerySet[Unit]:
    return Unit.objects.filter(id__in=visible_ids(user), kind__in=RANKED_KINDS).order_by("path")


def public_units(today: date) -> QuerySet[Unit]:
    return (
        Unit.objects.filter(kind__in=RANKED_KINDS)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=date(today.year - 1, 1, 1)))
        .order_by("path")
    )
