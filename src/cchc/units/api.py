from django.urls import path
from rest_framework import generics, serializers

from .models import Unit
from .permissions import visible_units


class UnitSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent.code", default=None, read_only=True)
    successor_codes = serializers.SlugRelatedField(
        source="successors", slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = Unit
        fields = [
            "code",
            "name",
            "kind",
            "parent_code",
            "identifier",
            "valid_from",
            "valid_to",
            "successor_codes",
        ]


class UnitList(generics.ListAPIView):
    """Units the caller may see."""

    serializer_class = UnitSerializer

    def get_queryset(self):
        return (
            visible_units(self.request.user).select_related("parent").prefetch_related("successors")
        )


urlpatterns = [path("", UnitList.as_view(), name="api-unit-list")]
