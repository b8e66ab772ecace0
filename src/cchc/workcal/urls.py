from django.urls import path

from . import views

urlpatterns = [
    path("", views.calendar_year, name="calendar-year"),
    path("<int:year>/", views.calendar_year, name="calendar-year"),
    path("<int:year>/ngay/them/", views.day_add, name="calendar-day-add"),
    path("<int:year>/ngay/<int:pk>/", views.day_edit, name="calendar-day-edit"),
    path("<int:year>/ngay/<int:pk>/xoa/", views.day_delete, name="calendar-day-delete"),
    path("<int:year>/xac-nhan/", views.year_confirm, name="calendar-year-confirm"),
    path("<int:year>/nap/", views.year_seed, name="calendar-year-seed"),
]
