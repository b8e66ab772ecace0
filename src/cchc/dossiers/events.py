"""What happened to a dossier, told to whoever listens, after the change is committed.

Apps above the dossiers app (the portal tells applicants, feedback invites a rating) call
`subscribe(listener)` in their AppConfig.ready(); every action the services log (the history
line of `services._log`) is published once its transaction commits, so a listener never acts
on a change that was rolled back, and a failing listener never undoes the dossier's change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

log = logging.getLogger("cchc.dossiers.events")


@dataclass(frozen=True)
class DossierEvent:
    dossier_id: int
    action: str  # transitions.A value
    from_status: int | None
    to_status: int | None
    note: str = ""


Listener = Callable[[DossierEvent], None]
_listeners: list[Listener] = []


def subscribe(listener: Listener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def publish(event: DossierEvent) -> None:
    """Deliver `event` to every listener after the current transaction commits."""
    transaction.on_commit(lambda: _deliver(event))


def _deliver(event: DossierEvent) -> None:
    for listener in list(_listeners):
        try:
            listener(event)
        except Exception:  # one listener's failure must not stop the others
            log.exception("dossier event listener %s failed on %s", listener, event.action)
