"""The transition table is the only judge of what may happen to a dossier (dossiers.md §2)."""

import pytest

from .. import transitions
from ..models import Channel, Dossier, HistoryEntry, Status
from ..transitions import TRANSITIONS, TransitionRefused
from .factories import PERFORMABLE, dossier_in, perform

pytestmark = pytest.mark.django_db

EDGES = [(s, a) for (s, a) in TRANSITIONS if s is not None]


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
