"""The feedback API is read-only, scoped to the user's units, and never serves the sender's
personal data."""

import pytest
from django.urls import reverse

from cchc.dossiers.models import Status

from .factories import dossier_in, item, local, rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(world):
    world.item = item(world, sender_name="Nguyễn Thị Lan", sender_phone="0901234567")
    rating(dossier_in(world, Status.RETURNED), at=local("2026-03-10 09:00"), scores=2)
    return world


def test_feedback_items_without_sender_data(client, data):
    """As a reporting system I read the commune's items: code, status, deadline — no name
    or phone; another commune's officer gets an empty list and 404 for the item."""
    client.force_login(data.reform)
    listed = client.get(reverse("api-feedback-list")).json()["results"]
    assert [row["code"] for row in listed] == [data.item.code]
    assert listed[0]["due_on"] == "2026-03-16" and listed[0]["status"] == "received"
    body = client.get(reverse("api-feedback-detail", args=[data.item.pk])).content.decode()
    assert "Nguyễn Thị Lan" not in body and "0901234567" not in body
    assert client.post(reverse("api-feedback-list"), {}).status_code == 405
    client.force_login(data.other_reform)
    assert client.get(reverse("api-feedback-list")).json()["results"] == []
    assert client.get(reverse("api-feedback-detail", args=[data.item.pk])).status_code == 404


def test_rating_results(client, data):
    """As a reporting system I read the commune's Q1 results; another unit's code is 404."""
    client.force_login(data.reform)
    url = reverse("api-rating-results")
    body = client.get(url, {"unit": "XA01", "period": "2026-Q1"}).json()
    assert body["total"]["forms"] == 1 and body["total"]["grade"] == "Xuất sắc"
    assert body["total"]["average"] == "18.00" and body["start"] == "2025-12-15"
    assert client.get(url, {"unit": "XA01", "period": "2026-Q5"}).status_code == 400
    assert client.post(url, {}).status_code == 405
    client.force_login(data.other_reform)
    assert client.get(url, {"unit": "XA01", "period": "2026-Q1"}).status_code == 404
