"""The read-only API lists only the dossiers the caller may see."""

import pytest
from rest_framework.test import APIRequestFactory, force_authenticate

from ..api import DossierDetail, DossierList
from ..models import Status
from .factories import dossier_in

pytestmark = pytest.mark.django_db


def test_api_lists_visible_dossiers_and_hides_others(world):
    """As an outside system acting for a user, I get that user's dossiers and a 404 for the rest."""
    d = dossier_in(world, Status.PROCESSING)
    factory = APIRequestFactory()

    def get(view, user, **kwargs):
        request = factory.get("/api/dossiers/")
        force_authenticate(request, user=user)
        return view.as_view()(request, **kwargs)

    listed = get(DossierList, world.district_leader)
    assert [r["code"] for r in listed.data["results"]] == [d.code]
    assert get(DossierList, world.outsider).data["results"] == []
    assert get(DossierDetail, world.desk, pk=d.pk).data["steps"][0]["order"] == 1
    assert get(DossierDetail, world.outsider, pk=d.pk).status_code == 404
