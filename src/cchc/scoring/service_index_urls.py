"""Staff pages of the service index (Chỉ số 766), included at /chi-so-cchc/chi-so-766/."""

from django.urls import path

from . import service_index_views as views

urlpatterns = [
    path("", views.service_index, name="service-index"),
    path("xep-hang/", views.service_index_ranking, name="service-index-ranking"),
]
