"""The health endpoint (/suc-khoe/) for load balancers and the lookup benchmark: "ok", no
database, no session, no template — it measures the server and Django's request cycle."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def health(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
