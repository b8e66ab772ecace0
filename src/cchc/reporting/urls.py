from django.urls import include, path

urlpatterns = [
    path("", include("cchc.reporting.report_urls")),
    path("thong-ke/", include("cchc.reporting.results_urls")),
    path("dieu-khien/", include("cchc.reporting.dashboard_urls")),
]
