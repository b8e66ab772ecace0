from django.urls import path

from . import register_views, views

urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("them/", views.plan_create, name="plan-create"),
    path("<int:pk>/", views.plan_detail, name="plan-detail"),
    path("<int:pk>/sua/", views.plan_edit, name="plan-edit"),
    path("<int:pk>/them-nhiem-vu/", views.task_create, name="task-create"),
    path("nhiem-vu/", views.task_list, name="task-list"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task-detail"),
    path("nhiem-vu/<int:pk>/sua/", views.task_edit, name="task-edit"),
    path("nhiem-vu/<int:pk>/tien-do/", views.task_progress, name="task-progress"),
    path("cap-tren-giao/", views.assigned_list, name="assigned-list"),
    path("cap-tren-giao/them/", views.assigned_create, name="assigned-create"),
    path("qua-han/", views.overdue_list, name="task-overdue"),
    path("tong-hop/", views.summary, name="plan-summary"),
]

for page in register_views.PAGES:
    urlpatterns += [
        path(f"{page.slug}/", register_views.record_list, {"page": page}, name=f"{page.key}-list"),
        path(
            f"{page.slug}/them/",
            register_views.record_create,
            {"page": page},
            name=f"{page.key}-create",
        ),
        path(
            f"{page.slug}/<int:pk>/sua/",
            register_views.record_edit,
            {"page": page},
            name=f"{page.key}-edit",
        ),
        path(
            f"{page.slug}/<int:pk>/xoa/",
            register_views.record_delete,
            {"page": page},
            name=f"{page.key}-delete",
        ),
    ]
