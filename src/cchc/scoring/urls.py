from django.urls import include, path

urlpatterns = [
    path("bo-tieu-chi/", include("cchc.scoring.set_urls")),
    path("thi-dua/", include("cchc.scoring.emulation_urls")),
    path("chi-so-766/", include("cchc.scoring.service_index_urls")),
    path("", include("cchc.scoring.round_urls")),
]
