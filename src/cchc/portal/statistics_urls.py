"""The portal's public statistics; the portal's urls.py includes them at "thong-ke/" under
/dvc/."""

from django.urls import path

from . import statistics_views as views

urlpatterns = [
    path("", views.statistics_page, name="portal-statistics"),
]
