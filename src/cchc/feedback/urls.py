"""Staff pages of feedback, under /y-kien/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="feedback-home"),
    path("danh-gia/", views.rating_results, name="rating-results"),
    path("danh-gia/nhap-phieu/", views.rating_paper, name="rating-paper"),
    path("danh-gia/nhap-phieu/<int:pk>/", views.rating_paper_form, name="rating-paper-form"),
    path("khao-sat/", views.survey_list, name="survey-list"),
    path("khao-sat/them/", views.survey_create, name="survey-create"),
    path("khao-sat/<int:pk>/", views.survey_detail, name="survey-detail"),
    path("khao-sat/<int:pk>/them-cau-hoi/", views.survey_question_add, name="survey-question-add"),
    path(
        "khao-sat/<int:pk>/cau-hoi/<int:question>/bo/",
        views.survey_question_remove,
        name="survey-question-remove",
    ),
    path("khao-sat/<int:pk>/nhap-phieu/", views.survey_paper, name="survey-paper"),
    path("pakn/", views.feedback_inbox, name="feedback-inbox"),
    path("pakn/them/", views.feedback_create, name="feedback-create"),
    path("pakn/<int:pk>/", views.feedback_detail, name="feedback-detail"),
    path("pakn/<int:pk>/chuyen-xu-ly/", views.feedback_route, name="feedback-route"),
    path("pakn/<int:pk>/tra-loi/", views.feedback_answer, name="feedback-answer"),
    path("pakn/<int:pk>/cong-khai/", views.feedback_publish, name="feedback-publish"),
    path("thong-ke/", views.feedback_stats, name="feedback-stats"),
]
