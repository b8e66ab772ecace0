"""The public forms resist replays, cross-site posts and floods: the same form posted again
creates nothing, a post without the CSRF token is refused, an address that posts too often is
stopped, and no log line carries an applicant's personal data."""

import logging
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from cchc.dossiers import services as dossier_services
from cchc.dossiers.models import Dossier

from ..models import OnlineApplication
from .online import PERSON, form_data, online_world, public_setup, token_of  # noqa: F401

pytestmark = pytest.mark.django_db


def submit_url(w):
    return reverse("portal-submit", args=[w.procedure.code])


def test_the_same_form_posted_twice_creates_one_dossier(online, client):
    """As a citizen who pressed "Gửi hồ sơ" twice (or reloaded the confirmation) I have one
    dossier, and the second answer shows the same reference."""
    w = online
    token = token_of(client.get(submit_url(w)).content.decode())
    first = client.post(submit_url(w), form_data(w, token))
    again = client.post(submit_url(w), form_data(w, token, ho_ten="Người khác"))
    reference = OnlineApplication.objects.get().reference
    assert (first.status_code, again.status_code) == (201, 200)
    assert reference in first.content.decode() and reference in again.content.decode()
    assert Dossier.objects.count() == 1
    assert Dossier.objects.get().applicant_name == "Nguyễn Thị Lan"
    # A new visit of the form gets a new token: a second, deliberate application is possible.
    token2 = token_of(client.get(submit_url(w)).content.decode())
    assert token2 != token
    assert client.post(submit_url(w), form_data(w, token2)).status_code == 201
    assert Dossier.objects.count() == 2


def test_a_forged_or_missing_token_is_refused(online, client):
    """As the operator I accept only tokens the form issued (signed), so a script cannot make
    up its own; the form comes back with a fresh token."""
    w = online
    for token in ("made-up-token", ""):
        response = client.post(submit_url(w), form_data(w, token))
        assert response.status_code == 400
        fresh = token_of(response.content.decode())
        assert fresh and fresh != token
    assert not Dossier.objects.exists()


def test_public_forms_refuse_posts_without_the_csrf_token(online):
    """As a citizen I am protected from another site posting the lookup or an application in my
    name: without the CSRF token both are refused and nothing is created."""
    w = online
    d = dossier_services.accept_at_desk(
        w.desk,
        w.commune,
        w.procedure,
        dossier_services.Applicant("Nguyễn Thị Lan", phone="0901234567"),
    )
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(submit_url(w)).content.decode()
    token = token_of(page)
    assert browser.post(submit_url(w), form_data(w, token)).status_code == 403
    lookup = {"ma_ho_so": d.code, "so_kiem_tra": "4567"}
    refused = browser.post(reverse("portal-lookup"), lookup)
    assert refused.status_code == 403 and "N. T. L." not in refused.content.decode()
    assert not OnlineApplication.objects.exists()
    # With the token of the page (as the real form sends it) both work.
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    posted = browser.post(submit_url(w), {**form_data(w, token), "csrfmiddlewaretoken": csrf})
    assert posted.status_code == 201
    found = browser.post(reverse("portal-lookup"), {**lookup, "csrfmiddlewaretoken": csrf})
    assert found.status_code == 200 and "N. T. L." in found.content.decode()


def test_submissions_are_throttled_per_address(online, settings):
    """As the operator I stop one address from flooding the desk with applications."""
    settings.CCHC_SUBMIT_RATE = "2/3600"
    w = online
    flooder = Client(REMOTE_ADDR="203.0.113.50")
    statuses = []
    for _ in range(3):
        token = token_of(flooder.get(submit_url(w)).content.decode())
        statuses.append(flooder.post(submit_url(w), form_data(w, token)).status_code)
    assert statuses == [201, 201, 429]
    assert Dossier.objects.count() == 2
    citizen = Client(REMOTE_ADDR="198.51.100.60")
    token = token_of(citizen.get(submit_url(w)).content.decode())
    assert citizen.post(submit_url(w), form_data(w, token)).status_code == 201


def test_no_log_line_carries_personal_data(
    online, client, caplog, django_capture_on_commit_callbacks
):
    """As an applicant I trust that my name, ID number, phone, e-mail and address reach no log
    while I submit, the desk accepts and I look my dossier up."""
    caplog.set_level(logging.DEBUG)
    w = online
    token = token_of(client.get(submit_url(w)).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(submit_url(w), form_data(w, token, thong_bao_qua="sms"))
    d = Dossier.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        d = dossier_services.accept_online(w.desk, d)
    client.post(reverse("portal-lookup"), {"ma_ho_so": d.code, "so_kiem_tra": "4567"})
    client.post(reverse("portal-lookup"), {"ma_ho_so": d.code, "so_kiem_tra": "0000"})
    assert len(mail.outbox) == 2  # submitted, accepted
    assert caplog.records
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    for secret in PERSON.values():
        assert secret not in logged
