from django.urls import path

from . import report_views as views

urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("lap-bao-cao/", views.report_open, name="report-open"),
    path("<int:pk>/", views.report_detail, name="report-detail"),
    path("<int:pk>/so-lieu-ho-so/", views.report_manual_results, name="report-manual-results"),
    path("<int:pk>/xem-truoc/", views.report_preview, name="report-preview"),
    path("<int:pk>/tai-ve/<str:kind>/", views.report_download, name="report-download"),
    path("<int:pk>/gui/", views.report_submit, name="report-submit"),
    path("<int:pk>/xem-xet/", views.report_review, name="report-review"),
    path("tinh-hinh-gui/", views.report_filings, name="report-filings"),
    path("dung-han/", views.report_stats, name="report-stats"),
]
