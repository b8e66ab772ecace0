"""The public portal under /dvc/ (no login): procedures and guides, statistics, dossier lookup,
online submission."""

from django.urls import include, path

urlpatterns = [
    path("", include("cchc.portal.catalogue_urls")),
    path("thong-ke/", include("cchc.portal.statistics_urls")),
    path("tra-cuu/", include("cchc.portal.lookup_urls")),
    path("nop-ho-so/", include("cchc.portal.submission_urls")),
]
