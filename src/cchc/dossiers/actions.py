"""Which actions a user may take on a dossier now: the buttons of the dossier page.

Nothing here decides a rule of its own: the status edges and the once-only guards come from
`transitions.check`, the roles from `services.ACTION_ROLES` on the dossier's acting units
(`units.permissions.can_act`). The services check all of it again under the row lock.
"""

from django.core.exceptions import PermissionDenied

from cchc.units.permissions import can_act

from . import transitions
from .models import HistoryAction
from .services import ACTION_ROLES, _acting_units
from .transitions import TransitionRefused

A = HistoryAction


def may_act(user, dossier, action: str) -> bool:
    """Does one of the user's roles allowed for `action` reach one of the dossier's units?"""
    roles = ACTION_ROLES.get(action)
    if not roles:
        return False
    return any(can_act(user, unit, *roles) for unit in _acting_units(dossier))


def refusal(user, dossier, action: str) -> None:
    """Raise what the service would raise first: PermissionDenied, then TransitionRefused."""
    if not may_act(user, dossier, action):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này trên hồ sơ.")
    transitions.check(dossier, action)


def available_actions(user, dossier) -> list[str]:
    """The actions the table allows from the dossier's status (guards included) that the
    user's roles allow on one of the dossier's units, in the table's order."""
    actions = []
    for action in transitions.allowed_actions(dossier):
        if not may_act(user, dossier, action):
            continue
        try:
            transitions.check(dossier, action)
        except TransitionRefused:
            continue
        actions.append(action)
    return actions


def may_attach(user, dossier) -> bool:
    return may_act(user, dossier, A.ATTACH)
