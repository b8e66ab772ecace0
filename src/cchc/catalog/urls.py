from django.urls import path

from . import views

urlpatterns = [
    path("", views.procedure_list, name="procedure-list"),
    path("them-moi/", views.procedure_create, name="procedure-create"),
    path("<int:pk>/", views.procedure_detail, name="procedure-detail"),
    path("<int:pk>/sua/", views.procedure_edit, name="procedure-edit"),
    path("phien-ban/<int:pk>/quy-trinh/", views.workflow_edit, name="workflow-edit"),
    path("ra-soat/", views.review_list, name="review-list"),
    path("ra-soat/them-moi/", views.review_create, name="review-create"),
    path("ra-soat/<int:pk>/ap-dung/", views.review_apply, name="review-apply"),
    path("quyet-dinh-cong-bo/", views.decision_list, name="decision-list"),
    path("quyet-dinh-cong-bo/them-moi/", views.decision_create, name="decision-create"),
]
