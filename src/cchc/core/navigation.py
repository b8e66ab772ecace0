"""Menu entries, registered by each app in its AppConfig.ready().

An entry names the roles that see it; the units app's context processor filters the menu
for the signed-in user, so core knows nothing about roles.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    roles: frozenset[str]  # empty: every signed-in user
    order: int = 100


_entries: list[MenuEntry] = []


def register(label: str, url_name: str, roles: tuple[str, ...] = (), order: int = 100) -> None:
    entry = MenuEntry(label, url_name, frozenset(roles), order)
    if entry not in _entries:
        _entries.append(entry)


def entries() -> list[MenuEntry]:
    return sorted(_entries, key=lambda e: (e.order, e.label))
