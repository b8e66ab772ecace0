"""Public pages of feedback, under /dvc/y-kien/ (no login)."""

from django.urls import path

from . import public_views

urlpatterns = [
    path("", public_views.feedback_page, name="portal-feedback"),
    path("da-gui/", public_views.feedback_sent, name="feedback-sent"),
    path("theo-doi/", public_views.feedback_follow, name="feedback-follow"),
    path("tra-loi/", public_views.feedback_answers, name="feedback-answers"),
    path("danh-gia/", public_views.rating_kiosk, name="rating-kiosk"),
    path("danh-gia/<str:token>/", public_views.rating_link, name="rating-link"),
    path("khao-sat/<str:token>/", public_views.survey_page, name="survey-public"),
]
