from django.urls import path

from . import set_views

urlpatterns = [
    path("", set_views.criteria_set_list, name="criteria-set-list"),
    path("nhap-tu-tep/", set_views.criteria_set_import, name="criteria-set-import"),
    path("<int:pk>/", set_views.criteria_set_detail, name="criteria-set-detail"),
    path("<int:pk>/tai-ve/<str:fmt>/", set_views.criteria_set_export, name="criteria-set-export"),
    path("<int:pk>/sua/", set_views.criteria_set_edit, name="criteria-set-edit"),
    path("<int:pk>/sao-chep/", set_views.criteria_set_copy, name="criteria-set-copy"),
    path("<int:pk>/them-tieu-chi/", set_views.criterion_add, name="criterion-add"),
    path("tieu-chi/<int:pk>/sua/", set_views.criterion_edit, name="criterion-edit"),
    path("tieu-chi/<int:pk>/xoa/", set_views.criterion_delete, name="criterion-delete"),
]
