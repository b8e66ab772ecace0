"""Which units take in which procedures at their desk: the one rule the desk's filters, the
portal's "where to submit" and its online submission all read.

A commune under a district receives commune procedures; a commune directly under the province
(two-level local government from 01/07/2025, when the district level ended) also receives the
former district procedures. A district receives district procedures; the province, its
departments and its public service centre province procedures; a department, branch or centre
below a district or commune works at that level.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q, Subquery

from cchc.catalog.models import Level
from cchc.units.models import Office, OfficeKind, Unit, UnitKind

from .models import Dossier


def levels_received(kind: str, parent_kind: str | None) -> tuple[str, ...]:
    if kind == UnitKind.COMMUNE:
        if parent_kind == UnitKind.DISTRICT:
            return (Level.COMMUNE,)
        return (Level.COMMUNE, Level.DISTRICT)
    if kind == UnitKind.DISTRICT:
        return (Level.DISTRICT,)
    if kind == UnitKind.PROVINCE:
        return (Level.PROVINCE,)
    if parent_kind == UnitKind.DISTRICT:
        return (Level.DISTRICT,)
    if parent_kind == UnitKind.COMMUNE:
        return (Level.COMMUNE,)
    return (Level.PROVINCE,)


def valid_on(day: date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def receiving_units(day: date) -> list[Unit]:
    """Units valid on `day` that receive dossiers: a one-stop desk, a public service centre,
    or dossiers already received (one indexed EXISTS each). Each carries `desk_office` (its
    desk's name, if any) and `levels` (the procedure levels it receives), in tree order."""
    units = list(
        Unit.objects.filter(valid_on(day))
        .filter(
            Q(kind=UnitKind.SERVICE_CENTRE)
            | Exists(Office.objects.filter(unit=OuterRef("pk"), kind=OfficeKind.ONE_STOP))
            | Exists(Dossier.objects.filter(unit=OuterRef("pk")))
        )
        .annotate(
            desk_office=Subquery(
                Office.objects.filter(unit=OuterRef("pk"), kind=OfficeKind.ONE_STOP)
                .order_by("pk")
                .values("name")[:1]
            )
        )
        .select_related("parent")
        .order_by("path")
    )
    for unit in units:
        unit.levels = levels_received(unit.kind, unit.parent.kind if unit.parent else None)
    return units


def units_receiving(level: str, day: date) -> list[Unit]:
    """The receiving units of a procedure of `level` on `day`, by name."""
    found = [u for u in receiving_units(day) if level in u.levels]
    return sorted(found, key=lambda u: (u.name, u.code))
