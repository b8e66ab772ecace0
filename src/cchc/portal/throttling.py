"""The public endpoints' rate limits, per client address (`core.throttle`).

`CCHC_LOOKUP_RATE` (default "20/600": 20 lookups per 10 minutes) and `CCHC_SUBMIT_RATE`
(default "10/3600") are "requests/seconds"; "0" turns the limit off (the lookup benchmark)."""

from django.conf import settings
from django.shortcuts import render

from cchc.core import throttle

from .rules import parse_rate

RATES = {"lookup": ("CCHC_LOOKUP_RATE", "20/600"), "submit": ("CCHC_SUBMIT_RATE", "10/3600")}


def allowed(request, scope: str) -> bool:
    setting, default = RATES[scope]
    limit, window = parse_rate(getattr(settings, setting, None), default)
    return throttle.allow(f"portal-{scope}", throttle.client_address(request), limit, window)


def refused(request, scope: str):
    """The Vietnamese 429 page."""
    setting, default = RATES[scope]
    limit, window = parse_rate(getattr(settings, setting, None), default)
    minutes = max(1, round(window / 60))
    response = render(
        request,
        "portal/lookup/throttled.html",
        {"scope": scope, "limit": limit, "minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(window)
    return response
