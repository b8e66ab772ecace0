from django.urls import path

from . import round_views as views

urlpatterns = [
    path("", views.round_list, name="round-list"),
    path("mo-dot-danh-gia/", views.round_open, name="round-open"),
    path("dot/<int:pk>/", views.round_detail, name="round-detail"),
    path("dot/<int:pk>/cong-bo/", views.round_publish, name="round-publish"),
    path("dot/<int:pk>/ket-qua/", views.round_results, name="round-results"),
    path(
        "dot/<int:pk>/ket-qua/tai-ve/<str:fmt>/",
        views.round_results_download,
        name="round-results-download",
    ),
    path("dot/<int:pk>/lich-su/", views.round_history, name="round-history"),
    path("don-vi/<int:pk>/", views.participation_detail, name="participation-detail"),
    path("don-vi/<int:pk>/tu-cham/", views.participation_self, name="participation-self"),
    path("don-vi/<int:pk>/tham-dinh/", views.participation_appraise, name="participation-appraise"),
    path("don-vi/<int:pk>/giai-trinh/", views.participation_explain, name="participation-explain"),
    path(
        "don-vi/<int:pk>/diem-cap-tren/",
        views.participation_organiser_points,
        name="participation-organiser-points",
    ),
    path("don-vi/<int:pk>/buoc/<str:step>/", views.participation_step, name="participation-step"),
    path("don-vi/<int:pk>/tai-lieu/", views.evidence_upload, name="evidence-upload"),
    path("tai-lieu/<int:pk>/", views.evidence_download, name="evidence-download"),
    path("tai-lieu/<int:pk>/xoa/", views.evidence_remove, name="evidence-remove"),
    path("don-vi/<int:pk>/phan-tich/", views.participation_analysis, name="participation-analysis"),
    path(
        "don-vi/<int:pk>/phan-tich/tai-ve/",
        views.participation_analysis_docx,
        name="participation-analysis-docx",
    ),
    path(
        "don-vi/<int:pk>/phan-tich/khac-phuc/",
        views.participation_remediate,
        name="participation-remediate",
    ),
]
