"""Read-only REST API of the dossiers a user may see (`queries.visible_dossiers`).

GET dossiers/?status=&channel=&procedure=&code=   list (newest received first)
GET dossiers/<pk>/                                  detail with steps and history
The lead wires `urlpatterns` into cchc/api_urls.py (e.g. under "dossiers/").
"""

from django.urls import path
from rest_framework import generics, serializers

from . import queries
from .models import Dossier, DossierStep, HistoryEntry


class DossierSerializer(serializers.ModelSerializer):
    procedure_code = serializers.CharField(source="procedure.code", read_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    handling_unit_code = serializers.CharField(source="handling_unit.code", read_only=True)
    timing = serializers.SerializerMethodField()

    class Meta:
        model = Dossier
        fields = [
            "id",
            "code",
            "procedure_code",
            "unit_code",
            "handling_unit_code",
            "channel",
            "status",
            "applicant_name",
            "received_at",
            "due_at",
            "original_due_at",
            "finished_at",
            "returned_at",
            "timing",
            "revision",
        ]

    def get_timing(self, obj) -> str | None:
        return queries.timing(obj)


class StepSerializer(serializers.ModelSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)

    class Meta:
        model = DossierStep
        fields = [
            "order",
            "name",
            "unit_code",
            "budget",
            "started_at",
            "due_at",
            "finished_at",
            "result",
        ]


class HistorySerializer(serializers.ModelSerializer):
    class Meta:
        model = HistoryEntry
        fields = ["at", "action", "from_status", "to_status", "note", "step_result"]


class DossierDetailSerializer(DossierSerializer):
    steps = StepSerializer(many=True, read_only=True)
    history = HistorySerializer(many=True, read_only=True)

    class Meta(DossierSerializer.Meta):
        fields = DossierSerializer.Meta.fields + ["request", "return_channel", "steps", "history"]


class DossierList(generics.ListAPIView):
    serializer_class = DossierSerializer

    def get_queryset(self):
        qs = queries.visible_dossiers(self.request.user).select_related(
            "procedure", "unit", "handling_unit"
        )
        params = self.request.query_params
        for param, field in (("status", "status"), ("channel", "channel")):
            if params.get(param, "").isdigit():
                qs = qs.filter(**{field: int(params[param])})
        if params.get("procedure"):
            qs = qs.filter(procedure__code=params["procedure"])
        if params.get("code"):
            qs = qs.filter(code=params["code"])
        return qs.order_by("-received_at", "-id")


class DossierDetail(generics.RetrieveAPIView):
    serializer_class = DossierDetailSerializer

    def get_object(self):
        return queries.dossier_for(self.request.user, self.kwargs["pk"])


urlpatterns = [
    path("dossiers/", DossierList.as_view(), name="api-dossier-list"),
    path("dossiers/<int:pk>/", DossierDetail.as_view(), name="api-dossier-detail"),
]
