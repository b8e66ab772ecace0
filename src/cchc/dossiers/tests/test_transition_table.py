"""The transition table is the only judge of what may happen to a dossier (dossiers.md §2)."""

import pytest

from .. import transitions
from ..models import Channel, Dossier, HistoryEntry, Status
from ..services import APPLICANT_ACTIONS
from ..transitions import TRANSITIONS, TransitionRefused
from .factories import PERFORMABLE, dossier_in, perform

pytestmark = pytest.mark.django_db

# Staff actions; the applicant's own (services.APPLICANT_ACTIONS) are tested on their own.
EDGES = [(s, a) for (s, a) in TRANSITIONS if s is not None and a not in APPLICANT_ACTIONS]


@pytest.mark.parametrize(("from_status", "action"), EDGES, ids=[f"{s}-{a}" for s, a in EDGES])
def test_every_allowed_edge_moves_the_dossier_and_is_recorded(world, from_status, action):
    """As an officer, each action the table allows takes the dossier to the table's status and is written to its history."""
    dossier = dossier_in(world, from_status)
    assert dossier.status == from_status
    perform(action, world.all_roles, dossier, world)
    fresh = Dossier.objects.get(pk=dossier.pk)
    assert fresh.status == TRANSITIONS[(from_status, action)].to
    assert fresh.revision == dossier.revision + 1
    last = HistoryEntry.objects.filter(dossier=fresh).order_by("-id").first()
    assert (last.action, last.from_status, last.to_status) == (
        action,
        from_status,
        fresh.status,
    )
    assert last.actor == world.all_roles


@pytest.mark.parametrize("status", list(Status), ids=[s.name for s in Status])
def test_every_forbidden_action_is_refused_and_changes_nothing(world, status):
    """As an officer, an action the table does not allow from a status is refused in Vietnamese and nothing changes."""
    dossier = dossier_in(world, status)
    forbidden = [a for a in PERFORMABLE if (status, a) not in TRANSITIONS]
    assert forbidden or status == Status.PROCESSING
    before = Dossier.objects.filter(pk=dossier.pk).values().get()
    history = HistoryEntry.objects.filter(dossier=dossier).count()
    for action in forbidden:
        with pytest.raises(TransitionRefused) as refused:
            perform(action, world.all_roles, dossier, world)
        assert refused.value.messages[0]
        assert Dossier.objects.filter(pk=dossier.pk).values().get() == before
        assert HistoryEntry.objects.filter(dossier=dossier).count() == history


def test_table_covers_every_status_and_names_a_reason():
    """As a reviewer, every edge carries the reason for it and every non-final status has a way out."""
    for edge in TRANSITIONS.values():
        assert edge.reason
    sources = {s for s, _ in TRANSITIONS}
    for status in Status:
        if status not in (Status.REFUSED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED):
            assert status in sources, status


def test_national_codes_for_statuses_and_channels():
    """As the portal synchroniser, statuses map to the national codes 1–10 and channels to 1–3."""
    assert list(transitions.STATUS_CODES) == list(range(1, 11))
    assert transitions.STATUS_CODES[4] == "Đang xử lý"
    assert transitions.CHANNEL_CODES == {
        1: "Trực tiếp",
        2: "Trực tuyến",
        3: "Qua dịch vụ bưu chính công ích",
    }
    assert Channel.POSTAL == 3


def test_returning_an_unfinished_dossier_is_refused(world):
    """As a desk officer, I cannot return a result that does not exist yet."""
    dossier = dossier_in(world, Status.PROCESSING)
    with pytest.raises(TransitionRefused, match="Hồ sơ chưa có kết quả, không thể trả kết quả."):
        perform("return", world.desk, dossier, world)
    assert Dossier.objects.get(pk=dossier.pk).status == Status.PROCESSING


def test_the_applicant_completes_an_online_dossier_only_while_the_desk_asks(world):
    """As an applicant asked to complete my online dossier, I send what is missing once per request; it stays with the desk (status 1), recorded without an officer."""
    dossier = dossier_in(world, Status.SUBMITTED)
    with pytest.raises(TransitionRefused, match="không có yêu cầu bổ sung"):
        perform("supplement_online", None, dossier, world)
    perform("intake_incomplete", world.desk, dossier, world)
    dossier = Dossier.objects.get(pk=dossier.pk)
    fresh = perform("supplement_online", None, dossier, world)
    assert (fresh.status, fresh.revision) == (Status.SUBMITTED, dossier.revision + 1)
    last = HistoryEntry.objects.filter(dossier=fresh).order_by("-id").first()
    assert (last.action, last.actor, last.actor_unit) == ("supplement_online", None, world.commune)
    assert last.note == "Đã bổ sung tờ khai có chữ ký"
    with pytest.raises(TransitionRefused, match="không có yêu cầu bổ sung"):
        perform("supplement_online", None, fresh, world)


def test_no_officer_may_take_the_applicants_action(world):
    """As a desk officer with every role, I get no button for the applicant's completion and the services refuse it from me."""
    from django.core.exceptions import PermissionDenied

    from .. import actions, services

    dossier = dossier_in(world, Status.SUBMITTED)
    perform("intake_incomplete", world.desk, dossier, world)
    dossier = Dossier.objects.get(pk=dossier.pk)
    for officer in (world.all_roles, world.desk, world.outsider):
        assert "supplement_online" not in actions.available_actions(officer, dossier)
        with pytest.raises(PermissionDenied):
            services._Action(officer, dossier, "supplement_online", None, None)
    assert not HistoryEntry.objects.filter(dossier=dossier, action="supplement_online").exists()
