"""The portal's public catalogue pages; the portal's urls.py includes them at "" under /dvc/."""

from django.urls import path

from . import catalogue_views as views

urlpatterns = [
    path("", views.home, name="portal-home"),
    path("thu-tuc/", views.procedure_list, name="portal-procedures"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="portal-procedure"),
    path(
        "thu-tuc/<str:code>/mau-don/<int:component_id>/",
        views.blank_form_download,
        name="portal-blank-form",
    ),
]
