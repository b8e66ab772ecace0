"""The REST API: each app contributes its routes from its own api.py."""

from django.urls import include, path

urlpatterns = [
    path("units/", include("cchc.units.api")),
    path("calendar/", include("cchc.workcal.api")),
    path("catalog/", include("cchc.catalog.api")),
    path("dossiers/", include("cchc.dossiers.api")),
    path("reporting/", include("cchc.reporting.api")),
    path("plans/", include("cchc.plans.api")),
    path("scoring/", include("cchc.scoring.api")),
    path("feedback/", include("cchc.feedback.api")),
]
