from django.urls import path

from . import action_views, intake_views, views

urlpatterns = [
    path("", views.dossier_queues, name="dossier-queues"),
    path("<int:pk>/", views.dossier_detail, name="dossier-detail"),
    path("tiep-nhan/", intake_views.intake, name="dossier-intake"),
    path("tiep-nhan/<int:pk>/", intake_views.intake_record, name="dossier-intake-record"),
    path("tiep-nhan/<int:pk>/in/", intake_views.intake_record_print, name="dossier-intake-print"),
    path("so-theo-doi/", views.dossier_register, name="dossier-register"),
    path("<int:pk>/in/<str:form>/", views.dossier_print, name="dossier-print"),
    path("<int:pk>/in/<str:form>/trang-in/", views.dossier_print_page, name="dossier-print-page"),
    path("<int:pk>/tep/<int:attachment_pk>/", views.attachment_download, name="dossier-attachment"),
    path(
        "<int:pk>/thao-tac/<str:action>/",
        action_views.dossier_action,
        name="dossier-action",
    ),
    path(
        "<int:pk>/tai-len/",
        action_views.attachment_upload,
        name="dossier-attachment-upload",
    ),
]
