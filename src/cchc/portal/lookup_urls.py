"""Included at "dvc/tra-cuu/" (portal-lookup, portal-lookup-code, portal-lookup-rating,
portal-lookup-supplement, portal-lookup-supplemented)."""

from django.urls import path

from . import lookup_views

urlpatterns = [
    path("", lookup_views.lookup, name="portal-lookup"),
    path("danh-gia/<str:token>/", lookup_views.rating, name="portal-lookup-rating"),
    path("bo-sung/", lookup_views.supplement, name="portal-lookup-supplement"),
    path("bo-sung/da-gui/", lookup_views.supplemented, name="portal-lookup-supplemented"),
    path("<str:code>/", lookup_views.lookup, name="portal-lookup-code"),
]
