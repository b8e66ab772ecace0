"""The lookup is throttled per client address (`CCHC_LOOKUP_RATE`)."""

import pytest
from django.test import Client
from django.urls import reverse

from .online import accepted, online_world, public_setup  # noqa: F401

pytestmark = pytest.mark.django_db


def look_up(client, key, check, **extra):
    return client.post(reverse("portal-lookup"), {"ma_ho_so": key, "so_kiem_tra": check}, **extra)


def test_the_lookup_after_the_limit_is_refused_for_that_address_only(online, settings):
    """As the operator I stop one address from trying codes after the limit, with a Vietnamese
    page and no data, while other citizens keep looking up their dossiers."""
    settings.CCHC_LOOKUP_RATE = "3/600"
    d = accepted(online, name="Nguyễn Thị Lan", phone="0901234567")
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for number in range(3):
        assert look_up(guesser, f"H56.30.01-260302-{number + 50:04d}", "4567").status_code == 404
    refused = look_up(guesser, d.code, "4567")  # even the right pair
    html = refused.content.decode()
    assert refused.status_code == 429
    assert "Quá nhiều yêu cầu" in html and "tối đa 3 lần trong 10 phút" in html
    assert "N. T. L." not in html and "Đang giải quyết" not in html
    assert refused["Retry-After"] == "600"
    citizen = Client(REMOTE_ADDR="198.51.100.20")
    assert look_up(citizen, d.code, "4567").status_code == 200


def test_a_forged_forwarded_for_header_does_not_reset_the_count(online, settings):
    """As the operator, a client cannot escape the limit by sending X-Forwarded-For when no
    proxy of ours sets it."""
    settings.CCHC_LOOKUP_RATE = "2/600"
    settings.CCHC_TRUST_X_FORWARDED_FOR = False
    client = Client(REMOTE_ADDR="203.0.113.8")
    statuses = [
        look_up(client, "X-1", "1234", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
        for n in range(3)
    ]
    assert statuses == [404, 404, 429]


def test_showing_the_form_is_not_counted(online, settings):
    """As a citizen opening the lookup page (or scanning a QR code) I do not use up my tries."""
    settings.CCHC_LOOKUP_RATE = "1/600"
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        assert client.get(reverse("portal-lookup")).status_code == 200
    assert look_up(client, "X-1", "1234").status_code == 404
    assert look_up(client, "X-1", "1234").status_code == 429


def test_a_zero_rate_switches_the_limit_off(online, settings):
    """As the operator running the benchmark I switch the limit off with "0"."""
    settings.CCHC_LOOKUP_RATE = "0"
    client = Client(REMOTE_ADDR="203.0.113.10")
    assert {look_up(client, "X-1", "1234").status_code for _ in range(30)} == {404}
