"""Read-only REST API of plans, on the same queries as the pages (unit-scoped: another unit's
plan or task is 404, and lists hold only what the user may read).

GET plans/plans/?unit=CODE&year=2024&kind=reform[&as_of=YYYY-MM-DD]   plans with their progress
GET plans/plans/<id>/                                                   a plan with its tasks
GET plans/tasks/?unit=CODE&year=&origin=&outcome=&plan=<id>[&as_of=]   tasks with their outcome
GET plans/tasks/<id>/
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ValidationError

from cchc.units.models import Unit

from . import progress, queries
from .models import PlanKind, ReformArea, Task, TaskOrigin, TaskStatus


def _values(choices) -> str:
    return ", ".join(f"{value} ({label})" for value, label in choices.choices)


class ProgressSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    done_on_time = serializers.IntegerField()
    done_late = serializers.IntegerField()
    not_done = serializers.IntegerField()
    overdue = serializers.IntegerField()
    pending = serializers.IntegerField()
    rate = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, help_text="Tỷ lệ hoàn thành, %"
    )


class TaskSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code", read_only=True)
    plan = serializers.IntegerField(source="plan_id", read_only=True, allow_null=True)
    origin = serializers.CharField(read_only=True, help_text=_values(TaskOrigin))
    area = serializers.CharField(read_only=True, help_text=_values(ReformArea))
    status = serializers.CharField(read_only=True, help_text=_values(TaskStatus))
    owner_office = serializers.CharField(
        source="owner_office.name", read_only=True, allow_null=True, default=None
    )
    assigned_by = serializers.CharField(
        source="assigned_by.code", read_only=True, allow_null=True, default=None
    )
    outcome = serializers.CharField(
        read_only=True,
        help_text="Kết quả tính đến ngày as_of: done_on_time, done_late, overdue, pending",
    )

    class Meta:
        model = Task
        fields = [
            "id",
            "unit",
            "plan",
            "origin",
            "order",
            "area",
            "title",
            "owner_office",
            "expected_output",
            "due_on",
            "status",
            "completed_on",
            "evidence",
            "outcome",
            "assigned_by",
            "assigning_document",
            "source_ref",
        ]


class PlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.CharField(source="unit.code")
    kind = serializers.CharField(help_text=_values(PlanKind))
    year = serializers.IntegerField()
    number = serializers.CharField()
    issued_on = serializers.DateField()
    title = serializers.CharField()
    decision_ref = serializers.CharField()
    progress = ProgressSerializer(source="progress_counts", help_text="Tính đến ngày as_of")


class PlanDetailSerializer(PlanSerializer):
    tasks = TaskSerializer(source="listed_tasks", many=True)


AS_OF = OpenApiParameter("as_of", str, description="Tính kết quả đến ngày (YYYY-MM-DD)")


def _as_of(request):
    raw = request.query_params.get("as_of", "")
    if not raw:
        return timezone.localdate()
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise ValidationError({"as_of": ["Ngày không hợp lệ; dùng dạng YYYY-MM-DD."]}) from exc


def _unit(request):
    code = request.query_params.get("unit", "")
    if not code:
        return None
    unit = Unit.objects.filter(code=code, pk__in=queries.reader_ids(request.user)).first()
    if unit is None:
        raise NotFound("Không tìm thấy đơn vị.")
    return unit


def _year(request):
    raw = request.query_params.get("year", "")
    if raw and not raw.isdigit():
        raise ValidationError({"year": ["Năm không hợp lệ."]})
    return int(raw) if raw else None


def _with_progress(plans, as_of):
    counted = queries.plan_progress([p.pk for p in plans], as_of)
    for plan in plans:
        plan.progress_counts = counted.get(plan.pk, progress.Progress())
    return plans


class PlanList(generics.ListAPIView):
    serializer_class = PlanSerializer

    def get_queryset(self):
        return queries.plans(
            self.request.user,
            unit=_unit(self.request),
            year=_year(self.request),
            kind=self.request.query_params.get("kind") or None,
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return _with_progress(list(queryset if page is None else page), _as_of(self.request))

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", str, description="Mã đơn vị (ví dụ TT)"),
            OpenApiParameter("year", int),
            OpenApiParameter("kind", str, enum=PlanKind.values),
            AS_OF,
        ],
        summary="Kế hoạch CCHC và kết quả thực hiện",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class PlanDetail(generics.RetrieveAPIView):
    serializer_class = PlanDetailSerializer

    def get_object(self):
        try:
            plan = queries.plan_for(self.request.user, self.kwargs["pk"])
        except (Http404, PermissionDenied) as exc:
            raise NotFound("Không tìm thấy kế hoạch.") from exc
        as_of = _as_of(self.request)
        _with_progress([plan], as_of)
        plan.listed_tasks = progress.with_outcome(
            plan.tasks.select_related("unit", "owner_office", "assigned_by"), as_of
        )
        return plan

    @extend_schema(parameters=[AS_OF], summary="Một kế hoạch và các nhiệm vụ")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class TaskList(generics.ListAPIView):
    serializer_class = TaskSerializer

    def get_queryset(self):
        params = self.request.query_params
        plan = params.get("plan", "")
        if plan and not plan.isdigit():
            raise ValidationError({"plan": ["Mã kế hoạch không hợp lệ."]})
        outcome = params.get("outcome") or None
        if outcome and outcome not in (*progress.KEYS, "done", "not_done"):
            raise ValidationError({"outcome": ["Kết quả không hợp lệ."]})
        found = queries.tasks(
            self.request.user,
            unit=_unit(self.request),
            year=_year(self.request),
            origin=params.get("origin") or None,
            outcome=outcome,
            as_of=_as_of(self.request),
        )
        return found.filter(plan_id=int(plan)) if plan else found

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", str, description="Mã đơn vị (ví dụ TT)"),
            OpenApiParameter("year", int),
            OpenApiParameter("origin", str, enum=TaskOrigin.values),
            OpenApiParameter("outcome", str, enum=[*progress.KEYS, "done", "not_done"]),
            OpenApiParameter("plan", int),
            AS_OF,
        ],
        summary="Nhiệm vụ CCHC và kết quả thực hiện",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class TaskDetail(generics.RetrieveAPIView):
    serializer_class = TaskSerializer

    def get_object(self):
        as_of = _as_of(self.request)
        found = queries.tasks(self.request.user, as_of=as_of).filter(pk=self.kwargs["pk"]).first()
        if found is None:
            raise NotFound("Không tìm thấy nhiệm vụ.")
        return found

    @extend_schema(parameters=[AS_OF], summary="Một nhiệm vụ CCHC")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


urlpatterns = [
    path("plans/", PlanList.as_view(), name="api-plan-list"),
    path("plans/<int:pk>/", PlanDetail.as_view(), name="api-plan-detail"),
    path("tasks/", TaskList.as_view(), name="api-task-list"),
    path("tasks/<int:pk>/", TaskDetail.as_view(), name="api-task-detail"),
]
