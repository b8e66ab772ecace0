"""Included by the lead at "dvc/nop-ho-so/" (portal-submit)."""

from django.urls import path

from . import submission_views

urlpatterns = [
    path("<str:procedure_code>/", submission_views.submit, name="portal-submit"),
]
