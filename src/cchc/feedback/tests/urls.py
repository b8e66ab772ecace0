"""The project's URLs for feedback's tests, plus placeholders for any public menu entry of
`public_base.html` that another app has not defined yet (the portal is built alongside):
a placeholder is added only while the real name does not resolve."""

from django.http import HttpResponse
from django.urls import NoReverseMatch, path, reverse

from cchc.urls import urlpatterns as project

PUBLIC_MENU = (
    "portal-home",
    "portal-procedures",
    "portal-lookup",
    "portal-statistics",
    "service-index-public",
)


def _missing() -> list[str]:
    missing = []
    for name in PUBLIC_MENU:
        try:
            reverse(name, urlconf="cchc.urls")
        except NoReverseMatch:
            missing.append(name)
    return missing


urlpatterns = [
    *project,
    *(
        path(f"__placeholder__/{name}/", lambda request: HttpResponse(""), name=name)
        for name in _missing()
    ),
]
