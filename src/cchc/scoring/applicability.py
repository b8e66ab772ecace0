"""Applicability rules of a leaf: whether a leaf is assessed for a unit at all (index.md §1:
"a unit with no procedure in the postal list is not assessed on 7.3"). A rule is a name,
optionally with an argument after a colon; an empty rule means the leaf applies to every
unit. Non-applicable leaves leave the unit's maximum. The unit may also ask, with a reason,
that a leaf be treated as not applicable; the council decides (services)."""

from __future__ import annotations

from collections.abc import Callable

from cchc.catalog.models import Procedure
from cchc.reporting.sources import LEVEL_OF_KIND, procedures_in_force
from cchc.units.models import Unit, UnitKind

Rule = Callable[[Unit, str], bool]


def _kinds(unit: Unit, argument: str) -> bool:
    return unit.kind in {k.strip() for k in argument.split(",") if k.strip()}


def _has_postal_procedures(unit: Unit, argument: str) -> bool:
    level = LEVEL_OF_KIND.get(unit.kind)
    return (
        level is not None
        and Procedure.objects.filter(procedures_in_force(), level=level, postal=True).exists()
    )


def _has_communes(unit: Unit, argument: str) -> bool:
    return Unit.objects.filter(parent=unit, kind=UnitKind.COMMUNE).exists()


RULES: dict[str, tuple[Rule, str]] = {
    "kinds": (_kinds, "chỉ áp dụng cho loại đơn vị: {argument}"),
    "has_postal_procedures": (
        _has_postal_procedures,
        "chỉ áp dụng cho đơn vị có TTHC trong danh mục tiếp nhận, trả kết quả qua bưu chính "
        "công ích",
    ),
    "has_communes": (
        _has_communes,
        "chỉ áp dụng cho đơn vị có đơn vị hành chính cấp xã trực thuộc",
    ),
}


def split(rule: str) -> tuple[str, str]:
    name, _, argument = (rule or "").partition(":")
    return name.strip(), argument.strip()


def is_known(rule: str) -> bool:
    name, argument = split(rule)
    if not name:
        return True
    if name == "kinds":
        return bool(argument) and all(
            k.strip() in UnitKind.values for k in argument.split(",") if k.strip()
        )
    return name in RULES


def applies(rule: str, unit: Unit) -> bool:
    name, argument = split(rule)
    if not name:
        return True
    check, _ = RULES[name]
    return check(unit, argument)


def describe(rule: str) -> str:
    """The rule in Vietnamese ("" for a leaf that applies to every unit)."""
    name, argument = split(rule)
    if not name or name not in RULES:
        return ""
    return RULES[name][1].format(argument=argument)
