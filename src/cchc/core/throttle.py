"""A fixed-window rate limit per key (the public lookup and submission endpoints, per client
address), kept in Django's cache. With the default local-memory cache each server process
counts its own requests; production configures a shared cache (`CCHC_CACHE_URL`, see
docs/deploy.md) so the limit holds across processes."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or the first X-Forwarded-For entry when the
    deployment says a proxy sets it (`CCHC_TRUST_X_FORWARDED_FOR`)."""
    from django.conf import settings

    if getattr(settings, "CCHC_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def allow(scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one request of `key` in `scope`; False once `limit` requests fell in the current
    window of `window_seconds`."""
    if limit <= 0:
        return True
    bucket = int(time.time() // window_seconds)
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    name = f"throttle:{scope}:{bucket}:{digest}"
    if cache.add(name, 1, timeout=window_seconds + 5):
        return True
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.add(name, 1, timeout=window_seconds + 5)
        return True
    return count <= limit
