"""Pages every app shares: the health endpoint (/suc-khoe/) for load balancers and the lookup
benchmark — "ok", no database, no session, no template — and the page shown when a form's
CSRF check fails (public forms are often left open too long)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


@never_cache
def health(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def csrf_failure(request, reason=""):
    """Django's CSRF refusal, in Vietnamese, with the way out (reload and send again)."""
    return render(request, "core/csrf_failure.html", status=403)
