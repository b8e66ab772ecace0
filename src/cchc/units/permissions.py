"""The one permission helper: which units a user may see and act on.

A role granted on a unit reaches its whole subtree (a district leader sees its communes), and
the predecessors of any reachable unit (a post-2025 commune keeps the history of the old
communes it replaced). Superusers see everything. Every view, API and query that returns
unit-owned records goes through `scope()`.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import Role, RoleGrant, Unit

_CACHE_ATTR = "_cchc_unit_ids"


def visible_unit_ids(user, roles: tuple[str, ...] | None = None) -> frozenset[int]:
    """Ids of the units `user` may see (optionally: through one of `roles` only)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset(Unit.objects.values_list("id", flat=True))
    cache = user.__dict__.setdefault(_CACHE_ATTR, {})
    key = tuple(sorted(roles)) if roles else None
    if key not in cache:
        cache[key] = _compute_ids(user, roles)
    return cache[key]


def _compute_ids(user, roles) -> frozenset[int]:
    grants = RoleGrant.objects.filter(user=user)
    if roles:
        grants = grants.filter(role__in=roles)
    paths = set(grants.values_list("unit__path", flat=True))
    if not paths:
        return frozenset()
    subtree = Q()
    for path in paths:
        subtree |= Q(path__startswith=path)
    ids = set(Unit.objects.filter(subtree).values_list("id", flat=True))
    # Walk predecessors (and their subtrees) until nothing new turns up.
    frontier = set(ids)
    while frontier:
        predecessors = Unit.successors.through.objects.filter(to_unit_id__in=frontier)
        new = set(predecessors.values_list("from_unit_id", flat=True)) - ids
        new_paths = Unit.objects.filter(id__in=new).values_list("path", flat=True)
        below = Q(id__in=new)
        for path in new_paths:
            below |= Q(path__startswith=path)
        found = set(Unit.objects.filter(below).values_list("id", flat=True)) - ids
        ids |= found
        frontier = found
    return frozenset(ids)


def visible_units(user, roles: tuple[str, ...] | None = None) -> QuerySet[Unit]:
    return Unit.objects.filter(id__in=visible_unit_ids(user, roles))


def can_act(user, unit: Unit, *roles: str) -> bool:
    """True if `user` holds one of `roles` (any role when none given) reaching `unit`."""
    return unit.pk in visible_unit_ids(user, roles or None)


def has_role(user, *roles: str) -> bool:
    """True if `user` holds one of `roles` anywhere (superusers hold every role)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or RoleGrant.objects.filter(user=user, role__in=roles).exists()


def scope(
    queryset: QuerySet, user, field: str = "unit", roles: tuple[str, ...] | None = None
) -> QuerySet:
    """Restrict `queryset` to rows whose `field` (a Unit foreign key) the user may see."""
    return queryset.filter(**{f"{field}__in": visible_unit_ids(user, roles)})


def roles_of(user) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.is_superuser:
        return {r.value for r in Role}
    return set(RoleGrant.objects.filter(user=user).values_list("role", flat=True))


def chosen_unit(user, raw, roles: tuple[str, ...], denied: str) -> Unit:
    """A unit chosen on a page (its id as text): Http404 if the user cannot see it,
    PermissionDenied(`denied`) if the user sees it but holds none of `roles` there."""
    pk = int(raw) if str(raw).isdigit() else None
    unit = Unit.objects.filter(pk=pk, id__in=visible_unit_ids(user)).first()
    if unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    if unit.pk not in visible_unit_ids(user, tuple(roles)):
        raise PermissionDenied(denied)
    return unit
