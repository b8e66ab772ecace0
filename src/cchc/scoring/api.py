"""Read-only REST API of the reform index.

GET scoring/rounds/                    the assessment rounds the user may see
GET scoring/rounds/{code}/results/     a round's results, the JSON of `cchc index results`
                                       (published rounds; the organiser sees them before)
"""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from . import queries
from .models import AssessmentRound, RoundStatus


class RoundSerializer(serializers.ModelSerializer):
    criteria_set = serializers.CharField(source="criteria_set.code")
    organiser = serializers.CharField(source="organiser.code")

    class Meta:
        model = AssessmentRound
        fields = [
            "code",
            "name",
            "year",
            "criteria_set",
            "organiser",
            "opens_on",
            "self_due_on",
            "status",
            "published_at",
        ]


class RoundListView(ListAPIView):
    serializer_class = RoundSerializer

    @extend_schema(summary="Các đợt đánh giá Chỉ số CCHC")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return queries.visible_rounds(self.request.user).order_by("-year", "code")


class AreaResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    points = serializers.FloatField()
    max = serializers.FloatField()
    index = serializers.FloatField(allow_null=True)


class UnitResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    points = serializers.FloatField()
    max = serializers.FloatField()
    index = serializers.FloatField(allow_null=True)
    grade = serializers.CharField()
    rank = serializers.IntegerField(allow_null=True)
    areas = AreaResultSerializer(many=True)


class RoundResultsSerializer(serializers.Serializer):
    round = serializers.DictField()
    units = UnitResultSerializer(many=True)


class RoundResultsView(APIView):
    @extend_schema(responses=RoundResultsSerializer, summary="Kết quả đợt đánh giá Chỉ số CCHC")
    def get(self, request, code):
        from .results_documents import results_json

        round_ = queries.visible_rounds(request.user).filter(code=code).first()
        if round_ is None:
            raise NotFound("Không tìm thấy đợt đánh giá.")
        organiser = queries.can_organise(request.user, round_) or queries.can_appraise(
            request.user, round_
        )
        if round_.status != RoundStatus.PUBLISHED and not organiser:
            raise PermissionDenied("Kết quả đợt đánh giá chưa được công bố.")
        return Response(results_json(queries.results_of(round_)))


urlpatterns = [
    path("rounds/", RoundListView.as_view(), name="api-round-list"),
    path("rounds/<str:code>/results/", RoundResultsView.as_view(), name="api-round-results"),
]
