"""Applicants' personal data never reaches the logs, whatever happens to their dossier."""

import logging

import pytest
from django.urls import reverse

from cchc.units.tests.factories import PASSWORD

from .. import services
from .factories import accept, applicant, later

pytestmark = pytest.mark.django_db

PERSON = applicant(
    name="Thạch Thị Sa Rây",
    id_number="094301009876",
    phone="0919876543",
    email="saray@example.vn",
    address="Ấp Tà Điếp C1, xã Phước Hưng",
)
SECRETS = [PERSON.name, PERSON.id_number, PERSON.phone, PERSON.email, PERSON.address]


def test_a_whole_dossier_life_logs_no_personal_data(world, client, caplog):
    """As an applicant I trust that my name, ID number, phone, e-mail and address are not written to
    the server logs while officers take in, refuse, process, view and return my dossier."""
    caplog.set_level(logging.DEBUG)
    services.record_incomplete(world.desk, world.commune, world.procedure, PERSON, ["Tờ khai"])
    services.refuse_at_intake(world.desk, world.commune, world.procedure, PERSON, "Sai thẩm quyền")
    d = accept(world, applicant=PERSON)
    d = services.start_processing(world.desk, d, at=later(10))
    d = services.request_supplement(world.specialist, d, "Thiếu bản sao", at=later(20))
    d = services.receive_supplement(world.desk, d, at=later(30))
    d = services.forward(world.specialist, d, at=later(40))
    d = services.approve(world.head, d, at=later(50))
    d = services.mark_result_ready(world.desk, d, at=later(60))
    assert client.login(username=world.desk.username, password=PASSWORD)
    assert client.get(reverse("dossier-detail", args=[d.pk])).status_code == 200
    assert client.get(reverse("dossier-print", args=[d.pk, "01"])).status_code == 200
    assert client.get(reverse("dossier-queues") + f"?q={PERSON.phone}").status_code == 200
    services.return_result(world.desk, d, at=later(70))
    # A refused request from another unit is logged as refused, still without the data.
    assert client.login(username=world.outsider.username, password=PASSWORD)
    assert client.get(reverse("dossier-detail", args=[d.pk])).status_code == 404

    assert caplog.records, "the services log their actions"
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    for secret in SECRETS:
        assert secret not in logged
