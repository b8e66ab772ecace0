"""REST API of the calendar: a due time, and a year's rows."""

from django.urls import path
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from cchc.units.permissions import visible_units

from . import queries, services
from .duration import Duration
from .models import CalendarDay


class DeadlineQuerySerializer(serializers.Serializer):
    start = serializers.CharField(
        help_text='Thời điểm tiếp nhận: "YYYY-MM-DD HH:MM" (giờ Việt Nam) hoặc ISO 8601'
    )
    duration = serializers.CharField(help_text="Thời hạn: 3d, 0.5d, 4h, 15cd hoặc 0d@15:00")
    unit = serializers.CharField(required=False, allow_blank=True, help_text="Mã đơn vị (tùy chọn)")

    def validate_start(self, value):
        try:
            moment = parse_datetime(value.strip())
        except ValueError:
            moment = None
        if moment is None:
            raise serializers.ValidationError("Thời điểm không hợp lệ; dùng dạng YYYY-MM-DD HH:MM.")
        return moment

    def validate_duration(self, value):
        try:
            return Duration.parse(value)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from exc

    def validate_unit(self, value):
        if not value:
            return None
        unit = visible_units(self.context["request"].user).filter(code=value).first()
        if unit is None:
            raise serializers.ValidationError(f"Không tìm thấy đơn vị có mã '{value}'.")
        return unit


class DeadlineSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    duration = serializers.CharField()
    unit = serializers.CharField(allow_null=True)
    due = serializers.DateTimeField()
    due_local = serializers.CharField(help_text="YYYY-MM-DD HH:MM, giờ Việt Nam")
    calendar_confirmed = serializers.BooleanField()


class DeadlineView(APIView):
    """The due time of something received at `start` with `duration` (calendar.md §3)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("start", str, required=True),
            OpenApiParameter("duration", str, required=True),
            OpenApiParameter("unit", str, required=False),
        ],
        responses=DeadlineSerializer,
    )
    def get(self, request):
        query = DeadlineQuerySerializer(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        start, duration, unit = (query.validated_data.get(k) for k in ("start", "duration", "unit"))
        if start.tzinfo is None:
            start = start.replace(tzinfo=services.LOCAL_TZ)
        due = services.due_at(start, duration, unit)
        years = {services.to_local(start).year, due.year}
        body = {
            "start": start,
            "duration": str(duration),
            "unit": unit.code if unit else None,
            "due": due,
            "due_local": f"{due:%Y-%m-%d %H:%M}",
            "calendar_confirmed": not queries.unconfirmed_years(years, unit),
        }
        return Response(DeadlineSerializer(body).data)


class CalendarDaySerializer(serializers.ModelSerializer):
    scope = serializers.CharField(source="scope.code", default=None, read_only=True)
    confirmed = serializers.BooleanField(source="is_confirmed", read_only=True)

    class Meta:
        model = CalendarDay
        fields = [
            "date",
            "kind",
            "name",
            "legal_basis",
            "scope",
            "source",
            "confirmed",
            "confirmed_at",
        ]


class CalendarDayList(generics.ListAPIView):
    """A year's national rows (`?year=2026`), or a unit's own (`&unit=CODE`)."""

    serializer_class = CalendarDaySerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, required=True),
            OpenApiParameter("unit", str, required=False),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        year = self.request.query_params.get("year", "")
        if not year.isdigit():
            raise serializers.ValidationError({"year": "Vui lòng cho biết năm, ví dụ year=2026."})
        code = self.request.query_params.get("unit")
        unit = None
        if code:
            unit = visible_units(self.request.user).filter(code=code).first()
            if unit is None:
                raise serializers.ValidationError(
                    {"unit": f"Không tìm thấy đơn vị có mã '{code}'."}
                )
        return queries.year_days(int(year), unit)


urlpatterns = [
    path("deadline", DeadlineView.as_view(), name="api-calendar-deadline"),
    path("days", CalendarDayList.as_view(), name="api-calendar-days"),
]
