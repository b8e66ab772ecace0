"""Included at "dvc/tra-cuu/" (portal-lookup, portal-lookup-code, portal-lookup-rating)."""

from django.urls import path

from . import lookup_views

urlpatterns = [
    path("", lookup_views.lookup, name="portal-lookup"),
    path("danh-gia/<str:token>/", lookup_views.rating, name="portal-lookup-rating"),
    path("<str:code>/", lookup_views.lookup, name="portal-lookup-code"),
]
