"""The indicators the system knows are computed from dossiers driven through the dossier
services: times against the legal limit and each unit's budget, supplement requests, the
channels, complaints about staff, and the unit's and procedure's data (workflows at the desk,
publication, online share, feedback answered on time)."""

from datetime import date

import pytest

from cchc.catalog.models import OnlineMode
from cchc.dossiers import services as dossiers
from cchc.dossiers.models import ReturnChannel, Status
from cchc.dossiers.tests.factories import procedure_with_workflow
from cchc.units.models import OfficeKind

from .. import facts, indicators, services
from ..models import FeedbackContent
from .factories import T0, accept, applicant, dossier_in, item, later, local

pytestmark = pytest.mark.django_db


def known(dossier, at=None):
    dossier.refresh_from_db()
    return facts.known_scores(dossier, at or later(60))


def test_a_dossier_returned_early_at_the_counter(world):
    """As a citizen whose dossier came back three days early I am asked only what the records
    cannot tell: the system scored time, each unit, contacts, agencies, the desk, attitude,
    feedback handling and online services."""
    d = dossier_in(world, Status.RETURNED)
    scores = known(d)
    assert scores == {1: 2, 2: 1, 3: 2, 4: 1, 5: 1, 7: 2, 8: 2, 9: 0}
    # Step 1 (0,5 day) finished on its due day: on time; step 2 early — the commune is as
    # late as its latest step. Published procedure: whether it was posted at the desk is asked.
    assert [i.number for i in indicators.asked(scores)] == [6]


def test_late_after_a_supplement_with_a_complaint_about_staff(world):
    """As a citizen whose dossier needed a supplement, came back late, and who complained
    about the officer, I find time 0, contacts 1 and attitude 0 — until the complaint is
    found untrue."""
    actor = world.all_roles
    d = dossiers.start_processing(actor, accept(world), at=later(10))
    d = dossiers.request_supplement(actor, d, "Thiếu bản sao CCCD", at=later(20))
    d = dossiers.receive_supplement(actor, d, at=local("2026-03-03 08:00"))
    d = dossiers.mark_result_ready(actor, d, at=local("2026-03-09 10:00"))  # due 06/03
    d = dossiers.return_result(actor, d, at=local("2026-03-09 11:00"))
    complaint = item(world, dossier=d, at=local("2026-03-09 14:00"))
    scores = known(d, local("2026-03-10 08:00"))
    assert (scores[1], scores[3], scores[7]) == (0, 1, 0)
    services.answer(
        world.reform, complaint, text="Đã xác minh, không có việc gây phiền hà.", unfounded=True
    )
    assert known(d, local("2026-03-10 08:00"))[7] == 0  # late anyway: not 1
    assert known(d, local("2026-03-10 08:00"))[3] == 1


def test_an_online_dossier_completed_twice_and_returned_online(world):
    """As a citizen who submitted online, was asked to complete at intake and again during
    processing, and got the result online: contacts 0, agencies 2, and the unit's online
    share gives indicator 9."""
    actor = world.all_roles
    online = dossiers.submit_online(
        world.procedure, world.commune, applicant(), [], submitted_at=T0
    )
    dossiers.online_incomplete(actor, online, ["Thiếu tờ khai"], at=later(5))
    online.refresh_from_db()
    d = dossiers.accept_online(actor, online, at=later(10))
    d = dossiers.start_processing(actor, d, at=later(20))
    d = dossiers.request_supplement(actor, d, "Thiếu giấy chứng sinh", at=later(30))
    d = dossiers.receive_supplement(actor, d, at=later(60))
    d = dossiers.mark_result_ready(actor, d, at=later(90))
    d = dossiers.return_result(actor, d, via=ReturnChannel.ONLINE, at=later(100))
    scores = known(d)
    assert scores[3] == 0  # two contacts: the intake notice and the supplement request
    assert scores[4] == 2  # never came in person
    assert scores[9] == 2  # the commune's only dossier this quarter is online; none late


def test_a_partner_unit_late_on_its_step(world):
    """As the one-stop desk I see indicator 2 fall to 0 when the partner department kept the
    dossier past its step's budget, though the dossier was early overall."""
    actor = world.all_roles
    d = dossiers.start_processing(actor, accept(world), at=later(10))
    d = dossiers.forward_to_unit(actor, d, world.partner, budget="0.5d", at=later(20))
    d = dossiers.forward(world.partner_specialist, d, at=local("2026-03-03 15:00"))
    d = dossiers.mark_result_ready(actor, d, at=local("2026-03-03 16:00"))
    d = dossiers.return_result(actor, d, at=local("2026-03-04 08:00"))
    scores = known(d, local("2026-03-04 09:00"))
    assert scores[1] == 2 and scores[2] == 0


def test_catalogue_data_decide_the_desk_and_publication(world):
    """As a reform officer of a commune whose procedures all run at the desk, indicator 5 is
    2; a procedure the catalogue never published scores 0 on indicator 6."""
    desk_only = procedure_with_workflow(
        "1d",
        [("Tiếp nhận, giải quyết và trả kết quả", "1d", OfficeKind.ONE_STOP)],
        published_on=None,
        online_mode=OnlineMode.NONE,
    )
    world.procedure.versions.get().steps.all().delete()  # the other one: no workflow known
    actor = world.all_roles
    d = accept(world, procedure=desk_only)
    d = dossiers.mark_result_ready(
        actor, dossiers.start_processing(actor, d, at=later(5)), at=later(10)
    )
    d = dossiers.return_result(actor, d, at=later(15))
    scores = known(d)
    assert scores[5] == 2 and scores[6] == 0
    assert scores[9] == 0  # not offered online, no online dossier


def test_feedback_answered_on_time_about_the_unit(world):
    """As a citizen of a commune that answered 9 of its 10 feedback items due this quarter on
    time, indicator 8 is 1."""
    received = local("2026-02-02 09:00")  # due 23/02/2026 (after Tết)
    for n in range(10):
        found = item(world, at=received, subject=f"Phản ánh số {n}")
        assert found.due_on == date(2026, 2, 23)
        day = "2026-02-25 09:00" if n == 0 else "2026-02-10 09:00"
        services.answer(world.reform, found, text="Đã trả lời.", at=local(day))
    item(world, unit=world.sibling, at=received, content=FeedbackContent.OTHER)  # not ours
    d = dossier_in(world, Status.RETURNED)
    assert known(d)[8] == 1
