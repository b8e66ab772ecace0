"""Registry of import kinds for `cchc import KIND FILE`.

Each app registers its importer in its AppConfig.ready(), so core does not depend on the
apps above it. An importer takes a file path, writes everything in one transaction (or
nothing, raising ImportRefused), and returns a short summary of what it did.
"""

from collections.abc import Callable

Importer = Callable[[str], str]
_registry: dict[str, Importer] = {}


def register(kind: str, importer: Importer) -> None:
    _registry[kind] = importer


def get(kind: str) -> Importer | None:
    return _registry.get(kind)


def kinds() -> list[str]:
    return sorted(_registry)
