from django.urls import path

from . import dashboard_views

urlpatterns = [
    path("", dashboard_views.dashboard_page, name="dashboard"),
]
