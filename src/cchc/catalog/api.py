"""Read-only REST API of the catalogue, on the same queries as the pages.

GET /api/catalog/procedures/?q=&level=&sector=&online_mode=&postal=&inter_agency=&internal=&active=
GET /api/catalog/procedures/<code>/
GET /api/catalog/sectors/
"""

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import ValidationError

from . import queries
from .forms import ProcedureFilterForm
from .models import Procedure, ProcedureVersion, Sector, WorkflowStep


class CanReadCatalog(permissions.BasePermission):
    message = "Tài khoản chưa được giao vai trò nên chưa xem được danh mục thủ tục."

    def has_permission(self, request, view):
        return queries.can_read_catalog(request.user)


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["code", "name"]


class ProcedureSerializer(serializers.ModelSerializer):
    sector_code = serializers.CharField(source="sector.code", read_only=True)
    sector_name = serializers.CharField(source="sector.name", read_only=True)
    processing_time = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="Thời hạn giải quyết đang áp dụng (3d, 15cd, 0d@15:00…)",
    )

    class Meta:
        model = Procedure
        fields = [
            "code",
            "name",
            "sector_code",
            "sector_name",
            "level",
            "processing_time",
            "online_mode",
            "legacy_online_level",
            "postal",
            "inter_agency",
            "fee",
            "internal",
            "decision_ref",
            "published_on",
            "active",
        ]


class WorkflowStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkflowStep
        fields = ["order", "name", "budget", "office_kind"]


class VersionSerializer(serializers.ModelSerializer):
    steps = WorkflowStepSerializer(many=True, read_only=True)

    class Meta:
        model = ProcedureVersion
        fields = ["effective_from", "processing_time", "legal_basis", "steps"]


class ProcedureDetailSerializer(ProcedureSerializer):
    versions = VersionSerializer(many=True, read_only=True)

    class Meta(ProcedureSerializer.Meta):
        fields = ProcedureSerializer.Meta.fields + ["versions"]


FILTER_PARAMETERS = [
    OpenApiParameter(
        "q", str, description="Tìm theo tên (không phân biệt dấu, hoa thường) hoặc đầu mã"
    ),
    OpenApiParameter("level", str, enum=["province", "district", "commune"]),
    OpenApiParameter("sector", str, description="Mã lĩnh vực"),
    OpenApiParameter("online_mode", str, enum=["full", "partial", "none"]),
    OpenApiParameter("postal", str, enum=["0", "1"]),
    OpenApiParameter("inter_agency", str, enum=["any", "none", "same_level", "cross_level"]),
    OpenApiParameter("internal", str, enum=["0", "1"]),
    OpenApiParameter(
        "active", str, enum=["0", "all"], description="Mặc định chỉ thủ tục đang áp dụng"
    ),
]


class ProcedureList(generics.ListAPIView):
    """Procedures matching the filters (the same as the catalogue page)."""

    serializer_class = ProcedureSerializer
    permission_classes = [permissions.IsAuthenticated, CanReadCatalog]

    @extend_schema(parameters=FILTER_PARAMETERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        form = ProcedureFilterForm(self.request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        return queries.search_procedures(form.to_filters())


class ProcedureDetail(generics.RetrieveAPIView):
    """One procedure by code, with its versions and each version's workflow."""

    serializer_class = ProcedureDetailSerializer
    permission_classes = [permissions.IsAuthenticated, CanReadCatalog]
    lookup_field = "code"

    def get_queryset(self):
        return queries.with_processing_time(
            Procedure.objects.select_related("sector").prefetch_related("versions__steps")
        )


class SectorList(generics.ListAPIView):
    serializer_class = SectorSerializer
    permission_classes = [permissions.IsAuthenticated, CanReadCatalog]
    pagination_class = None
    queryset = Sector.objects.order_by("name")


urlpatterns = [
    path("procedures/", ProcedureList.as_view(), name="api-procedure-list"),
    path("procedures/<str:code>/", ProcedureDetail.as_view(), name="api-procedure-detail"),
    path("sectors/", SectorList.as_view(), name="api-sector-list"),
]
