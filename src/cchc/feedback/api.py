"""Read-only REST API of feedback, on the same queries as the pages (unit-scoped: another
unit's item is 404, lists hold only what the user may read; no sender data is ever served).

GET feedback/ratings/?unit=CODE&period=2025-Q1[&basis=cutoff|calendar][&children=1][&by=]
    rating results: forms, average score, grade, satisfied share, indicator averages
GET feedback/items/?unit=CODE&status=received|in_progress|answered   feedback items
GET feedback/items/<id>/
GET feedback/surveys/?unit=CODE        survey campaigns with their response counts
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from cchc.reporting import periods
from cchc.units.models import Unit
from cchc.units.permissions import visible_unit_ids

from . import queries
from .models import Feedback, FeedbackChannel, FeedbackContent, FeedbackStatus
from .services import RESULT_ROLES


def _values(choices) -> str:
    return ", ".join(f"{value} ({label})" for value, label in choices.choices)


class RatingLineSerializer(serializers.Serializer):
    key = serializers.IntegerField(allow_null=True, help_text="Mã đơn vị hoặc công chức")
    label = serializers.CharField()
    forms = serializers.IntegerField(help_text="Số phiếu đánh giá")
    average = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, help_text="Điểm bình quân (tối đa 18)"
    )
    grade = serializers.CharField(help_text="Xếp loại")
    satisfied = serializers.IntegerField(help_text="Phiếu hài lòng hoặc rất hài lòng")
    satisfied_rate = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, help_text="Tỷ lệ hài lòng, %"
    )
    indicator_averages = serializers.ListField(
        child=serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True),
        help_text="Điểm bình quân của 9 tiêu chí",
    )


class RatingResultsSerializer(serializers.Serializer):
    unit = serializers.CharField()
    period = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    by = serializers.CharField()
    lines = RatingLineSerializer(many=True)
    total = RatingLineSerializer()


class FeedbackSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code", read_only=True)
    office = serializers.CharField(
        source="office.name", read_only=True, allow_null=True, default=None
    )
    channel = serializers.CharField(read_only=True, help_text=_values(FeedbackChannel))
    content = serializers.CharField(read_only=True, help_text=_values(FeedbackContent))
    status = serializers.CharField(read_only=True, help_text=_values(FeedbackStatus))
    procedure = serializers.CharField(
        source="procedure.code", read_only=True, allow_null=True, default=None
    )
    published = serializers.BooleanField(source="is_published", read_only=True)

    class Meta:
        model = Feedback
        fields = [
            "id",
            "code",
            "unit",
            "office",
            "channel",
            "content",
            "procedure",
            "subject",
            "received_at",
            "due_on",
            "status",
            "answered_at",
            "published",
        ]


class SurveySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.CharField(source="unit.code")
    title = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    responses = serializers.IntegerField(source="response_count")


def _unit(request, roles=RESULT_ROLES, required=False) -> Unit | None:
    code = request.query_params.get("unit", "")
    if not code:
        if required:
            raise ValidationError({"unit": ["Vui lòng chọn đơn vị (mã đơn vị)."]})
        return None
    unit = Unit.objects.filter(code=code, pk__in=visible_unit_ids(request.user, roles)).first()
    if unit is None:
        raise NotFound("Không tìm thấy đơn vị.")
    return unit


class RatingResults(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("unit", str, required=True, description="Mã đơn vị (ví dụ TT)"),
            OpenApiParameter("period", str, description="Kỳ: 2025, 2025-Q1, 2025-03…"),
            OpenApiParameter("basis", str, enum=["cutoff", "calendar"]),
            OpenApiParameter("children", bool, description="Gồm các đơn vị trực thuộc"),
            OpenApiParameter("by", str, enum=list(queries.GROUPS)),
        ],
        responses=RatingResultsSerializer,
        summary="Kết quả đánh giá việc giải quyết hồ sơ theo đơn vị, công chức và kỳ",
    )
    def get(self, request):
        unit = _unit(request, required=True)
        params = request.query_params
        by = params.get("by") or "unit"
        if by not in queries.GROUPS:
            raise ValidationError({"by": ["Cách tổng hợp không hợp lệ."]})
        try:
            win = periods.window(params.get("period") or "", params.get("basis") or "cutoff")
        except (periods.PeriodError, ValueError) as exc:
            raise ValidationError({"period": [str(exc)]}) from exc
        results = queries.rating_results(
            unit, win, by=by, include_children=params.get("children") in ("1", "true")
        )

        def line(item):
            return {
                "key": item.key,
                "label": item.label,
                "forms": item.forms,
                "average": item.average,
                "grade": item.grade,
                "satisfied": item.satisfied,
                "satisfied_rate": item.satisfied_rate,
                "indicator_averages": list(item.indicator_averages),
            }

        data = {
            "unit": unit.code,
            "period": win.label,
            "start": win.start,
            "end": win.end,
            "by": by,
            "lines": [line(x) for x in results.lines],
            "total": line(results.total),
        }
        return Response(RatingResultsSerializer(data).data)


class FeedbackList(generics.ListAPIView):
    serializer_class = FeedbackSerializer

    def get_queryset(self):
        status = self.request.query_params.get("status") or ""
        if status and status not in FeedbackStatus.values:
            raise ValidationError({"status": ["Tình trạng không hợp lệ."]})
        unit = _unit(self.request, roles=(*queries.INBOX_ROLES, *queries.OFFICE_ROLES))
        return queries.inbox(self.request.user, unit=unit, status=status).order_by(
            "-received_at", "-id"
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", str, description="Mã đơn vị (ví dụ TT)"),
            OpenApiParameter("status", str, enum=FeedbackStatus.values),
        ],
        summary="Phản ánh, kiến nghị (không gồm thông tin người gửi)",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class FeedbackDetail(generics.RetrieveAPIView):
    serializer_class = FeedbackSerializer

    def get_object(self):
        try:
            return queries.feedback_for(self.request.user, self.kwargs["pk"])
        except (Http404, PermissionDenied) as exc:
            raise NotFound("Không tìm thấy phản ánh, kiến nghị.") from exc

    @extend_schema(summary="Một phản ánh, kiến nghị")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class SurveyList(generics.ListAPIView):
    serializer_class = SurveySerializer

    def get_queryset(self):
        return queries.surveys(self.request.user, _unit(self.request)).order_by("-starts_on", "-id")

    @extend_schema(
        parameters=[OpenApiParameter("unit", str, description="Mã đơn vị (ví dụ TT)")],
        summary="Các cuộc khảo sát và số phiếu",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


urlpatterns = [
    path("ratings/", RatingResults.as_view(), name="api-rating-results"),
    path("items/", FeedbackList.as_view(), name="api-feedback-list"),
    path("items/<int:pk>/", FeedbackDetail.as_view(), name="api-feedback-detail"),
    path("surveys/", SurveyList.as_view(), name="api-survey-list"),
]
