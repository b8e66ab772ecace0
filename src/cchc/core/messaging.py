"""Short messages to citizens (SMS, Zalo) through a pluggable sender.

`send(channel, to, text)` hands the message to the backend named by
`settings.CCHC_MESSAGE_BACKEND` (dotted path of a class with `send(channel, to, text)`). The
default, `LoggingBackend`, only writes a log line with the number masked — so the system runs
with no gateway, and a real SMS or Zalo gateway is plugged in by writing one class. E-mail goes
through Django's e-mail backend as everywhere else.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("cchc.messaging")

SMS = "sms"
ZALO = "zalo"
CHANNELS = (SMS, ZALO)


def mask(number: str) -> str:
    """ "0912345678" → "******5678": a log never carries a citizen's whole number."""
    digits = "".join(ch for ch in str(number or "") if ch.isdigit())
    return "*" * max(0, len(digits) - 4) + digits[-4:]


class LoggingBackend:
    """Writes what would be sent; sends nothing."""

    sent: list[tuple[str, str, str]] = []  # kept for tests and the demo: (channel, to, text)

    def send(self, channel: str, to: str, text: str) -> None:
        type(self).sent.append((channel, to, text))
        log.info("message %s to %s: %d characters", channel, mask(to), len(text))


@lru_cache(maxsize=4)
def _backend(path: str):
    return import_string(path)()


def send(channel: str, to: str, text: str) -> None:
    if channel not in CHANNELS:
        raise ValueError(f"unknown message channel {channel!r}")
    if not to:
        return
    path = getattr(settings, "CCHC_MESSAGE_BACKEND", "cchc.core.messaging.LoggingBackend")
    _backend(path).send(channel, to, text)
