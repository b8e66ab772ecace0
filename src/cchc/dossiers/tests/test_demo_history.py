"""The demo's generated dossier history: realistic, replayable, and the same every time."""

import re
from collections import Counter, defaultdict
from datetime import date, datetime

import pytest
from django.db import transaction
from django.db.models import Count, Q
from django.test import override_settings

from cchc.catalog.demo import load_demo_catalog
from cchc.units.demo import load_demo_units
from cchc.units.models import Unit, User
from cchc.workcal import services as workcal

from .. import queries, services, transitions
from ..demo import PRE_END, load_demo_dossiers, plan_volumes
from ..models import (
    FINAL_STATUSES,
    Channel,
    Dossier,
    DossierCodeCounter,
    DossierStep,
    HistoryEntry,
    Status,
)
from .factories import COMPONENTS, applicant

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 1)  # a Tuesday
SCALE = 0.02
MORNING = datetime(2026, 12, 1, 8, 0, tzinfo=workcal.LOCAL_TZ)
CODE = re.compile(r"^[0-9A-Z.]+-\d{6}-\d{4,}$")


def snapshot():
    """What a visitor would see, independent of database ids."""
    return (
        list(
            Dossier.objects.order_by("id").values_list(
                "code", "status", "channel", "unit__code", "received_at", "due_at", "applicant_name"
            )
        ),
        list(
            HistoryEntry.objects.order_by("id").values_list(
                "dossier__code", "action", "at", "actor__username", "receiver_user__username"
            )
        ),
    )


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo units, calendar and catalogue, then the history generated twice for TODAY
    (the first run rolled back): the second run stays for the tests of this module."""
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=hashers):
        with transaction.atomic():
            load_demo_units()
            admin = User.objects.get(username="quantri")
            for year in range(2021, 2028):
                workcal.seed_year(year)
                workcal.confirm_year(year, admin, "Dữ liệu mẫu")
            load_demo_catalog()
            workcal.reset_cache()
            before = transaction.savepoint()
            first = load_demo_dossiers(today=TODAY, scale=SCALE)
            first_snapshot = snapshot()
            transaction.savepoint_rollback(before)
            workcal.reset_cache()
            second = load_demo_dossiers(today=TODAY, scale=SCALE)
            yield {"first": (first, first_snapshot), "second": (second, snapshot())}
            transaction.set_rollback(True)


def test_the_history_is_the_same_every_time_for_the_same_day(demo):
    """As an evaluator, I load the demo twice on the same day and see the very same dossiers."""
    (first, first_rows), (second, second_rows) = demo["first"], demo["second"]
    assert first.per_unit == second.per_unit
    assert first_rows == second_rows
    assert len(second_rows[0]) == second.dossiers == Dossier.objects.count()


def test_every_generated_history_replays_through_the_transition_table(demo):
    """As an auditor, every dossier's history is a path of the one transition table."""
    dossiers = {d.pk: d for d in Dossier.objects.only("status", "revision")}
    chains = defaultdict(list)
    for entry in HistoryEntry.objects.order_by("dossier_id", "at", "id").values_list(
        "dossier_id", "action", "from_status", "to_status", "actor_unit_id"
    ):
        chains[entry[0]].append(entry[1:])
    assert set(chains) == set(dossiers)
    for pk, chain in chains.items():
        status = None
        for action, from_status, to_status, actor_unit in chain:
            assert from_status == status
            assert transitions.target(status, action) == to_status
            assert actor_unit is not None
            status = to_status
        assert status == dossiers[pk].status
        assert dossiers[pk].revision == len(chain) - 1
    handovers = HistoryEntry.objects.filter(action__in=["start", "forward", "approve"])
    assert not handovers.filter(giver_unit=None).exclude(step__dossier__steps__order=1).exists()
    assert handovers.exclude(receiver_user=None).exists()


def test_the_numbers_have_the_promised_shape(demo):
    """As an evaluator, the district's history looks like a real one-stop desk's 2021–2025."""
    district = Dossier.objects.filter(unit__code="TT")
    assert not district.exclude(status__in=FINAL_STATUSES).exists()
    assert not HistoryEntry.objects.filter(
        dossier__unit__valid_to__isnull=False, at__gt=PRE_END.replace(tzinfo=workcal.LOCAL_TZ)
    ).exists()
    by_year = (
        district.exclude(received_at=None)
        .values_list("received_at__year")
        .annotate(n=Count("id"), online=Count("id", filter=Q(channel=Channel.ONLINE)))
        .order_by("received_at__year")
    )
    shares = [online / n for _, n, online in by_year]
    assert [year for year, *_ in by_year] == [2021, 2022, 2023, 2024, 2025]
    assert shares == sorted(shares) and shares[0] < 0.1 < 0.3 < shares[-1]
    timing = Counter(queries.timing(d) for d in district.filter(status=Status.RETURNED))
    assert timing["early"] + timing["on_time"] > 0.9 * sum(timing.values())
    assert 0 < timing["late"] < 0.1 * sum(timing.values())
    everything = Dossier.objects.all()
    assert everything.filter(supplement_used=True, supplement_received_at__isnull=False).exists()
    extended = everything.filter(extension_used=True)
    assert extended.exists()
    assert all(d.extended_due_at > d.original_due_at for d in extended)
    assert everything.filter(channel=Channel.POSTAL).exists()
    assert everything.filter(returned_via="post").exists()
    for status in (Status.REFUSED, Status.WITHDRAWN, Status.STOPPED):
        assert everything.filter(status=status).exists()
    assert everything.filter(digitised=True).exists()
    assert everything.filter(components__reused_from_store=True).exists()


def test_due_times_are_what_the_calendar_engine_gives(demo):
    """As a desk officer, every appointment is the one the working calendar computes."""
    sample = Dossier.objects.exclude(received_at=None).select_related("unit").order_by("?")[:300]
    for d in sample:
        due = workcal.due_at(d.received_at, d.processing_time, d.unit)
        if d.supplement_received_at:
            due = workcal.extend_due(
                due, d.supplement_requested_at, d.supplement_received_at, d.unit
            )
        elif d.paid_at:
            due = workcal.extend_due(due, d.payment_requested_at, d.paid_at, d.unit)
        assert d.original_due_at == due
        if d.extension_used:
            assert d.extended_due_at == d.due_at > d.original_due_at
        else:
            assert d.due_at == due
    steps = DossierStep.objects.exclude(started_at=None).select_related("dossier", "unit")[:500]
    for step in steps:
        due = workcal.due_at(step.started_at, step.budget, step.unit)
        d = step.dossier
        paused = d.supplement_requested_at or d.payment_requested_at
        resumed = d.supplement_received_at or d.paid_at
        if resumed and step.started_at <= paused and (step.finished_at or resumed) >= resumed:
            due = workcal.extend_due(due, paused, resumed, step.unit)
        assert step.due_at == due
        if step.finished_at:
            assert step.result == workcal.classify(step.finished_at, step.due_at)


def test_the_phu_loc_desk_is_alive_on_the_demo_day(demo):
    """As the Phú Lộc desk officer on the demo day, my queues have overdue dossiers, dossiers
    due today, results to hand back; my colleagues have their own work."""
    desk = User.objects.get(username="motcua.phuloc")
    assert queries.queue(desk, "overdue", MORNING).exists()
    assert queries.queue(desk, "due_today", MORNING).exists()
    assert queries.queue(desk, "due_tomorrow", MORNING).exists()
    assert queries.queue(desk, "awaiting_return", MORNING).exists()
    assert queries.queue(User.objects.get(username="chuyenvien.phuloc"), "mine").exists()
    assert queries.queue(User.objects.get(username="lanhdao.phuloc"), "mine").exists()
    assert queries.queue(User.objects.get(username="truongphong.phuloc"), "office").exists()
    statuses = set(Dossier.objects.filter(unit__code="CT-PHULOC").values_list("status", flat=True))
    open_states = {Status.SUBMITTED, Status.RECEIVED, Status.PROCESSING}
    open_states |= {Status.AWAITING_SUPPLEMENT, Status.AWAITING_PAYMENT, Status.RESOLVED}
    assert open_states <= statuses
    current = Dossier.objects.filter(unit__code="CT-PHULOC", status=Status.PROCESSING)
    assert len(set(current.values_list("current_step__order", flat=True))) >= 2


def test_codes_are_unique_and_numbered_per_unit_and_day(demo):
    """As a citizen, my receipt's code is mine alone and follows {unit}-{YYMMDD}-{NNNN}."""
    codes = list(Dossier.objects.exclude(code=None).values_list("unit_id", "received_at", "code"))
    assert len({c for *_, c in codes}) == len(codes)
    numbers = defaultdict(list)
    for unit_id, received_at, code in codes:
        assert CODE.match(code)
        day = workcal.to_local(received_at).date()
        assert code.split("-")[-2] == f"{day:%y%m%d}"
        numbers[(unit_id, day)].append(int(code.split("-")[-1]))
    for found in numbers.values():
        assert sorted(found) == list(range(1, len(found) + 1))
    counters = {(c.unit_id, c.day): c.last_number for c in DossierCodeCounter.objects.all()}
    assert counters == {key: len(found) for key, found in numbers.items()}
    assert not Dossier.objects.filter(status=Status.SUBMITTED).exclude(code=None).exists()


def test_a_dossier_accepted_after_generation_gets_a_fresh_code(demo):
    """As a desk officer, the first dossier I accept on a busy generated day gets the next number."""
    unit = Unit.objects.get(code="CT-PHULOC")
    counter = DossierCodeCounter.objects.filter(unit=unit).order_by("-last_number", "day").first()
    desk = User.objects.get(username="motcua.phuloc")
    procedure = Dossier.objects.filter(unit=unit).first().procedure
    at = datetime.combine(counter.day, datetime.min.time().replace(hour=16), workcal.LOCAL_TZ)
    d = services.accept_at_desk(desk, unit, procedure, applicant(), COMPONENTS, received_at=at)
    assert d.code == services.format_code(unit, counter.day, counter.last_number + 1)
    assert Dossier.objects.filter(code=d.code).count() == 1


def test_the_district_plan_reaches_fifty_thousand_dossiers(demo):
    """As the issue asks, the pre-2025 district gets at least 50,000 dossiers at full scale,
    and what the generator writes is exactly its plan."""
    assert plan_volumes(TODAY, 1.0)["TT"] >= 50_000
    assert plan_volumes(TODAY, 1.0)["CT-PHULOC"] > plan_volumes(TODAY, 1.0)["CT-HUNGLOI"]
    written = dict(Dossier.objects.values_list("unit__code").annotate(n=Count("id")))
    assert written == plan_volumes(TODAY, SCALE) == demo["second"][0].per_unit
