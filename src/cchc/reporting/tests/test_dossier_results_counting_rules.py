"""Each counting rule of the dossier-results form on a handful of dossiers (reporting.md §2,
counting.py): which dossiers a window counts and in which of columns 4–13 each one falls."""

import pytest

from cchc.dossiers.models import Channel, Status
from cchc.reporting.periods import window
from cchc.reporting.statistics import dossier_results, records_behind

from .factories import build_tree, dossier, insert, local

pytestmark = pytest.mark.django_db

Q1 = window("2023-Q1")  # 15/12/2022 → 14/03/2023


@pytest.fixture
def tree():
    return build_tree()


def one(tree, **fields):
    """Insert one dossier of the district (land sector) and return it."""
    fields.setdefault("received_at", local("2023-01-05 08:00"))
    return insert([dossier(tree.land, tree.district, **fields)])[0]


def totals(tree, win=Q1):
    return dossier_results(tree.district, win).total


def only(counts, **expected):
    """`counts` has exactly `expected` in its leaf columns and zero elsewhere."""
    leaves = {
        key: value
        for key, value in counts.as_dict().items()
        if not key.endswith("_total") and value
    }
    assert leaves == expected


def test_new_dossiers_are_split_online_and_in_person_or_postal(tree):
    """As a reform officer I see online dossiers in column 4 and counter and postal ones in 5."""
    finished = {"due_at": local("2023-01-10 17:00"), "finished_at": local("2023-01-10 10:00")}
    one(tree, channel=Channel.ONLINE, **finished)
    one(tree, channel=Channel.COUNTER, **finished)
    one(tree, channel=Channel.POSTAL, **finished)
    counts = totals(tree)
    assert (counts.received_online, counts.received_offline, counts.carried_over) == (1, 2, 0)
    assert counts.received_total == 3


def test_dossiers_refused_at_intake_or_only_submitted_online_are_not_received(tree):
    """As a reform officer I do not count dossiers refused at intake or never checked."""
    one(
        tree,
        channel=Channel.ONLINE,
        status=Status.REFUSED,
        submitted_at=local("2023-01-04 20:00"),
        finished_at=local("2023-01-05 09:00"),
    )
    one(
        tree,
        channel=Channel.ONLINE,
        status=Status.SUBMITTED,
        received_at=None,
        submitted_at=local("2023-01-04 20:00"),
    )
    assert totals(tree).received_total == 0


def test_carried_over_is_received_before_the_window_and_still_open_at_its_start(tree):
    """As a reform officer I count as carried over what was received before the window and
    not finished before it started — even if it finished at 00:00 on the first day."""
    before = local("2022-12-01 08:00")
    due = local("2022-12-20 17:00")
    one(tree, received_at=before, due_at=due, finished_at=local("2022-12-14 16:00"))  # done before
    one(tree, received_at=before, due_at=due, finished_at=local("2022-12-15 00:00"))
    one(tree, received_at=before, status=Status.PROCESSING, due_at=local("2023-04-01 17:00"))
    counts = totals(tree)
    only(counts, carried_over=2, resolved_early=1, pending_in_time=1)


def test_dossiers_received_after_the_window_are_not_counted(tree):
    """As a reform officer I do not count what arrived on 15/03 in the Q1 report."""
    one(tree, received_at=local("2023-03-15 00:00"), status=Status.PROCESSING)
    one(tree, received_at=local("2023-03-14 23:59"), status=Status.PROCESSING)
    counts = totals(tree)
    assert counts.received_total == 1


def test_early_on_time_and_late_compare_local_days(tree):
    """As a reform officer I see a dossier finished at 23:30 on its due date counted on time,
    one finished the day before early and one the day after late."""
    due = local("2023-01-10 17:00")
    one(tree, due_at=due, finished_at=local("2023-01-10 23:30"))
    one(tree, due_at=due, finished_at=local("2023-01-09 23:59"))
    one(tree, due_at=due, finished_at=local("2023-01-11 00:01"))
    only(totals(tree), received_offline=3, resolved_early=1, resolved_on_time=1, resolved_late=1)


def test_day_granularity_is_in_vietnam_time_not_utc(tree):
    """As a reform officer a dossier finished at 00:30 on its due date (17:30 the day before in
    UTC) is on time, not early; one due at 06:00 and finished at 23:00 the same day likewise."""
    one(tree, due_at=local("2023-01-10 08:00"), finished_at=local("2023-01-10 00:30"))
    one(tree, due_at=local("2023-01-11 06:00"), finished_at=local("2023-01-11 23:00"))
    only(totals(tree), received_offline=2, resolved_on_time=2)


def test_an_extension_does_not_erase_lateness(tree):
    """As a reform officer a dossier finished within its extended date but after the original
    appointment is late."""
    one(
        tree,
        original_due_at=local("2023-01-10 17:00"),
        due_at=local("2023-01-20 17:00"),
        extension_used=True,
        finished_at=local("2023-01-15 10:00"),
    )
    only(totals(tree), received_offline=1, resolved_late=1)


def test_a_dossier_without_an_original_due_time_is_classified_against_its_due_time(tree):
    """As a reform officer imported dossiers with only a due time are still classified."""
    row = dossier(
        tree.land,
        tree.district,
        received_at=local("2023-01-05 08:00"),
        due_at=local("2023-01-10 17:00"),
        finished_at=local("2023-01-12 08:00"),
    )
    row.original_due_at = None
    insert([row])
    only(totals(tree), received_offline=1, resolved_late=1)


def test_a_dossier_without_any_due_time_is_on_time(tree):
    """As a reform officer a finished or open dossier with no appointment is never late."""
    one(tree, finished_at=local("2023-01-12 08:00"))
    one(tree, status=Status.PROCESSING)
    only(totals(tree), received_offline=2, resolved_on_time=1, pending_in_time=1)


def test_withdrawn_dossiers_are_on_time_whatever_the_date(tree):
    """As a reform officer a dossier withdrawn in the window counts as resolved on time, even
    after its due date; one withdrawn before the window is not counted."""
    one(
        tree,
        status=Status.WITHDRAWN,
        due_at=local("2023-01-10 17:00"),
        finished_at=local("2023-02-01 09:00"),
    )
    one(
        tree,
        received_at=local("2022-12-01 08:00"),
        status=Status.WITHDRAWN,
        due_at=local("2022-12-10 17:00"),
        finished_at=local("2022-12-02 09:00"),
    )
    only(totals(tree), received_offline=1, resolved_on_time=1)


def test_stopped_and_refused_during_processing_are_resolved_and_classified(tree):
    """As a reform officer stopped dossiers count as resolved, early/on time/late by date."""
    one(
        tree,
        status=Status.STOPPED,
        due_at=local("2023-01-10 17:00"),
        finished_at=local("2023-01-08 09:00"),
    )
    only(totals(tree), received_offline=1, resolved_early=1)


def test_a_dossier_waiting_for_a_supplement_at_the_window_end_is_on_time(tree):
    """As a reform officer a dossier whose supplement is still awaited at the window end is
    in column 9, even if its due time has passed; once the supplement came back it is
    pending again, and a request made after the window end does not count."""
    due = local("2023-02-01 17:00")
    one(
        tree,
        status=Status.AWAITING_SUPPLEMENT,
        due_at=due,
        supplement_requested_at=local("2023-01-20 09:00"),
    )
    one(
        tree,
        status=Status.PROCESSING,
        due_at=due,
        supplement_requested_at=local("2023-01-20 09:00"),
        supplement_received_at=local("2023-01-25 09:00"),
    )
    one(
        tree,
        status=Status.AWAITING_SUPPLEMENT,
        due_at=due,
        supplement_requested_at=local("2023-03-15 09:00"),
    )
    only(totals(tree), received_offline=3, resolved_on_time=1, pending_overdue=2)


def test_pending_is_in_time_when_due_at_or_after_the_window_end(tree):
    """As a reform officer a dossier due at 17:00 on the last day and not finished is overdue;
    one due on the next day is in time; one finished after the window is still pending."""
    one(tree, status=Status.PROCESSING, due_at=local("2023-03-14 17:00"))
    one(tree, status=Status.PROCESSING, due_at=local("2023-03-15 00:00"))
    one(tree, due_at=local("2023-03-10 17:00"), finished_at=local("2023-03-15 08:00"))
    only(totals(tree), received_offline=3, pending_in_time=1, pending_overdue=2)


def test_every_counted_dossier_is_behind_exactly_one_leaf_figure(tree):
    """As a reform officer each number links to exactly the dossiers behind it."""
    early = one(tree, due_at=local("2023-01-10 17:00"), finished_at=local("2023-01-09 10:00"))
    late = one(tree, due_at=local("2023-01-10 17:00"), finished_at=local("2023-01-11 10:00"))
    open_ = one(tree, status=Status.PROCESSING, due_at=local("2023-04-01 17:00"))

    def ids(column):
        return set(records_behind(tree.district, Q1, column).values_list("id", flat=True))

    assert ids("resolved_early") == {early.pk}
    assert ids("resolved_late") == {late.pk}
    assert ids("pending_in_time") == {open_.pk}
    assert ids("resolved_total") == {early.pk, late.pk}
    assert ids("received_total") == {early.pk, late.pk, open_.pk}
    assert ids("pending_overdue") == set()


def test_a_unit_counts_only_the_dossiers_it_received(tree):
    """As a district officer my own report leaves out what the communes received, unless I
    include the subordinate units."""
    one(tree, finished_at=local("2023-01-06 08:00"))
    insert([dossier(tree.land, tree.commune, received_at=local("2023-01-05 08:00"))])
    assert dossier_results(tree.district, Q1).total.received_total == 1
    assert dossier_results(tree.district, Q1, include_children=True).total.received_total == 2
