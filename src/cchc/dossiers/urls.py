from django.urls import path

from . import action_views, views

urlpatterns = [
    path("", views.dossier_queues, name="dossier-queues"),
    path("<int:pk>/", views.dossier_detail, name="dossier-detail"),
    path("<int:pk>/in/<str:form>/", views.dossier_print, name="dossier-print"),
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
