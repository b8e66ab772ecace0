"""Read-only REST API of the reporting app.

GET reporting/dossier-results/?unit=CODE&period=P[&by=sector|unit][&children=1][&window=calendar]
    the 13-column form as the JSON of formats.md (the same as `cchc report dossier-results`)
"""

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from cchc.units.models import Unit
from cchc.units.permissions import visible_unit_ids

from . import periods, statistics
from .figures import COLUMNS


class DossierResultsQuery(serializers.Serializer):
    unit = serializers.CharField(help_text="Mã đơn vị (ví dụ TT)")
    period = serializers.CharField(
        help_text="2023-Q1, 2023-H1, 2023-9M, 2023, 2023-03 hoặc 2023-01-01..2023-03-31"
    )
    by = serializers.ChoiceField(choices=["sector", "unit"], default="sector")
    children = serializers.BooleanField(default=False, help_text="Gồm các đơn vị trực thuộc")
    window = serializers.ChoiceField(choices=["cutoff", "calendar"], default="cutoff")


def _counts_fields():
    return {key: serializers.IntegerField() for key in COLUMNS}


ResultRowSerializer = type(
    "DossierResultsRow",
    (serializers.Serializer,),
    {"key": serializers.CharField(), "label": serializers.CharField(), **_counts_fields()},
)
ResultTotalSerializer = type("DossierResultsTotal", (serializers.Serializer,), _counts_fields())


class NamedUnitSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class PeriodSerializer(serializers.Serializer):
    label = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()


class DossierResultsSerializer(serializers.Serializer):
    report = serializers.CharField()
    unit = NamedUnitSerializer()
    period = PeriodSerializer()
    by = serializers.CharField()
    include_children = serializers.BooleanField()
    rows = ResultRowSerializer(many=True)
    total = ResultTotalSerializer()


class DossierResultsView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("unit", str, required=True),
            OpenApiParameter("period", str, required=True),
            OpenApiParameter("by", str, enum=["sector", "unit"]),
            OpenApiParameter("children", bool),
            OpenApiParameter("window", str, enum=["cutoff", "calendar"]),
        ],
        responses=DossierResultsSerializer,
        summary="Tình hình, kết quả giải quyết TTHC (biểu 13 cột)",
    )
    def get(self, request):
        query = DossierResultsQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        unit = Unit.objects.filter(code=data["unit"], pk__in=visible_unit_ids(request.user)).first()
        if unit is None:
            raise NotFound("Không tìm thấy đơn vị.")
        try:
            win = periods.window(data["period"], data["window"])
        except periods.PeriodError as exc:
            raise ValidationError({"period": [str(exc)]}) from exc
        results = statistics.dossier_results(
            unit, win, by=data["by"], include_children=data["children"]
        )
        return Response(results.as_json())


urlpatterns = [
    path("dossier-results/", DossierResultsView.as_view(), name="api-dossier-results"),
]
