"""Emulation movements, under /chi-so-cchc/thi-dua/."""

from django.urls import path

from . import emulation_views as views

urlpatterns = [
    path("", views.movement_list, name="movement-list"),
    path("phat-dong/", views.movement_create, name="movement-create"),
    path("<int:pk>/", views.movement_detail, name="movement-detail"),
    path("<int:pk>/sua/", views.movement_edit, name="movement-edit"),
    path("<int:pk>/don-vi/", views.movement_participants, name="movement-participants"),
    path(
        "<int:pk>/don-vi/<int:participant>/",
        views.participant_detail,
        name="movement-participant",
    ),
    path(
        "<int:pk>/don-vi/<int:participant>/sua/",
        views.participant_edit,
        name="movement-participant-edit",
    ),
    path(
        "<int:pk>/don-vi/<int:participant>/xoa/",
        views.participant_remove,
        name="movement-participant-remove",
    ),
    path("<int:pk>/tieu-chi/", views.movement_criteria, name="movement-criteria"),
    path(
        "<int:pk>/tieu-chi/<int:criterion>/", views.criterion_edit, name="movement-criterion-edit"
    ),
    path(
        "<int:pk>/tieu-chi/<int:criterion>/xoa/",
        views.criterion_remove,
        name="movement-criterion-remove",
    ),
    path("<int:pk>/cham-diem/", views.movement_scores, name="movement-scores"),
    path("<int:pk>/khen-thuong/", views.movement_awards, name="movement-awards"),
    path("<int:pk>/khen-thuong/<int:award>/xoa/", views.award_remove, name="movement-award-remove"),
    path("<int:pk>/bao-cao/<slug:period>/", views.movement_report, name="movement-report"),
    path(
        "<int:pk>/bao-cao/<slug:period>/xem-truoc/",
        views.report_preview,
        name="movement-report-preview",
    ),
    path(
        "<int:pk>/bao-cao/<slug:period>/tai-ve/",
        views.report_download,
        name="movement-report-download",
    ),
]
