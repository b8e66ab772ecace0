"""The public page of the service index (Chỉ số 766) at /dvc/chi-so-766/: no login."""

from django.urls import path

from . import service_index_views as views

urlpatterns = [
    path("", views.public_index, name="service-index-public"),
]
