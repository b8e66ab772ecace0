"""Included at "dvc/tra-cuu/" (portal-lookup, portal-lookup-code, portal-lookup-rating,
portal-lookup-complete, portal-lookup-completed)."""

from django.urls import path

from . import lookup_views

urlpatterns = [
    path("", lookup_views.lookup, name="portal-lookup"),
    path("danh-gia/<str:token>/", lookup_views.rating, name="portal-lookup-rating"),
    path("bo-sung/", lookup_views.complete, name="portal-lookup-complete"),
    path("bo-sung/da-gui/", lookup_views.completed, name="portal-lookup-completed"),
    path("<str:code>/", lookup_views.lookup, name="portal-lookup-code"),
]
