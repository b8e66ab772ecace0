"""Menu entries, registered by each app in its AppConfig.ready().

An entry names the roles that see it; the units app's context processor filters the menu
for the signed-in user, so core knows nothing about roles.
"""

from collections.abc import Callable
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


# Home-page notices: each provider takes the user and returns (level, text, url name) tuples,
# so an app can warn on everyone's home page without the units app depending on it.
NoticeProvider = Callable[[object], list[tuple[str, str, str | None]]]
_notice_providers: list[NoticeProvider] = []


def register_notices(provider: NoticeProvider) -> None:
    if provider not in _notice_providers:
        _notice_providers.append(provider)


def notices_for(user) -> list[tuple[str, str, str | None]]:
    return [notice for provider in _notice_providers for notice in provider(user)]
