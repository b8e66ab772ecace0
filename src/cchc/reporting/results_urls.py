from django.urls import path

from . import results_views

urlpatterns = [
    path("", results_views.dossier_results_page, name="dossier-results"),
    path("ho-so/", results_views.dossier_results_records, name="dossier-results-records"),
    path(
        "tai-ve/<str:fmt>/",
        results_views.dossier_results_download,
        name="dossier-results-download",
    ),
]
