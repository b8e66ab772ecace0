"""Competition ranking — highest first, ties share a rank (1, 2, 2, 4), no value no rank —
the one rule behind every ranking of the system: units of a reform-index round, units of the
766 service index, participants of an emulation movement."""

from collections.abc import Hashable, Sequence
from decimal import Decimal


def ranks(pairs: Sequence[tuple[Hashable, Decimal | None]]) -> dict[Hashable, int | None]:
    """Rank of each (key, value) pair."""
    ordered = sorted((pair for pair in pairs if pair[1] is not None), key=lambda pair: -pair[1])
    found: dict[Hashable, int | None] = {key: None for key, _ in pairs}
    previous, position = None, 0
    for number, (key, value) in enumerate(ordered, start=1):
        if value != previous:
            position, previous = number, value
        found[key] = position
    return found
