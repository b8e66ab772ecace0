"""The dashboard's figures come from the form's counting rules, month by month."""

from datetime import datetime

import pytest

from cchc.dossiers.models import Channel, Dossier, Status
from cchc.dossiers.tests.factories import build_world, local, user_with
from cchc.units.models import Office, OfficeKind, Role

from .. import dashboard

pytestmark = pytest.mark.django_db

NOW = local("2026-07-15 10:00")


@pytest.fixture
def world(db):
    w = build_world()
    w.district_officer = user_with([Role.REFORM_OFFICER], w.district, username="cchchuyen")
    w.partner_office = Office.objects.create(
        unit=w.partner, code="TNMT", name="Phòng Tài nguyên", kind=OfficeKind.SPECIALIST
    )
    return w


def make(w, *rows: dict) -> list[Dossier]:
    """Dossiers with explicit fields (no services: the dashboard reads only what is stored)."""
    dossiers = []
    for number, fields in enumerate(rows, start=Dossier.objects.count() + 1):
        fields = dict(fields)
        unit = fields.pop("unit", w.commune)
        fields.setdefault("handling_unit", unit)
        fields.setdefault("status", Status.RETURNED)
        fields.setdefault("code", f"TEST-{number:05d}")
        if isinstance(fields.get("received_at"), str):
            fields["received_at"] = local(fields["received_at"])
        for key in ("due_at", "original_due_at", "finished_at", "supplement_requested_at"):
            if isinstance(fields.get(key), str):
                fields[key] = local(fields[key])
        dossiers.append(Dossier(procedure=w.procedure, unit=unit, **fields))
    return Dossier.objects.bulk_create(dossiers)


def open_dossier(received: str, due: str, **fields) -> dict:
    return {"status": Status.PROCESSING, "received_at": received, "due_at": due, **fields}


def test_monthly_channel_counts_leave_out_refused_and_only_submitted_dossiers(world):
    """As a reform officer I see how many dossiers my unit took in each month, by channel."""
    make(
        world,
        {"received_at": "2026-01-05 08:00", "channel": Channel.COUNTER},
        {"received_at": "2026-01-20 14:00", "channel": Channel.COUNTER},
        {"received_at": "2026-01-31 23:30", "channel": Channel.ONLINE},  # 16:30 UTC: January
        {"received_at": "2026-02-01 00:30", "channel": Channel.ONLINE},  # 31/01 UTC: February
        {"received_at": "2026-02-10 09:00", "channel": Channel.POSTAL},
        # Refused at intake: never received for processing.
        {"received_at": "2026-02-11 09:00", "channel": Channel.COUNTER, "status": Status.REFUSED},
        # Only submitted online, never checked: no reception yet.
        {
            "submitted_at": local("2026-02-12 09:00"),
            "channel": Channel.ONLINE,
            "status": Status.SUBMITTED,
        },
        {"received_at": "2025-12-31 16:00", "channel": Channel.COUNTER},  # last year
        {"received_at": "2026-01-06 08:00", "channel": Channel.COUNTER, "unit": world.sibling},
    )

    d = dashboard.build(world.leader, world.commune, 2026, now=NOW)

    assert [m.month for m in d.months] == [1, 2, 3, 4, 5, 6, 7]
    jan, feb, mar = d.months[:3]
    assert (jan.counter, jan.online, jan.postal) == (2, 1, 0)
    assert (feb.counter, feb.online, feb.postal) == (0, 1, 1)
    assert mar.received == 0 and mar.online_share is None
    assert jan.online_share == pytest.approx(33.3)
    chart = dashboard.channels_chart(d)
    assert chart.png.startswith(b"\x89PNG") and b"<svg" in chart.svg
    assert chart.table.rows[0] == ("Tháng 1/2026", "2", "1", "0", "3")
    assert chart.table.rows[-1] == ("Cả năm", "2", "2", "1", "5")
    share = dashboard.online_share_chart(d, formats=("svg",))
    assert share.png == b""
    assert share.table.rows[0] == ("Tháng 1/2026", "1", "3", "33,3%")
    assert share.table.rows[2] == ("Tháng 3/2026", "0", "0", "—")
    assert share.table.rows[-1] == ("Cả năm", "2", "5", "40%")


def test_on_time_rate_per_month_counts_each_month_as_its_own_window(world):
    """As a unit leader I follow the share of dossiers resolved early or on time, month by month."""
    make(
        world,
        # March: early, on time (same day), late against the appointment before its extension.
        {
            "received_at": "2026-03-02 08:00",
            "due_at": "2026-03-05 08:00",
            "finished_at": "2026-03-03 10:00",
        },
        {
            "received_at": "2026-03-02 08:00",
            "due_at": "2026-03-05 08:00",
            "finished_at": "2026-03-05 15:00",
        },
        {
            "received_at": "2026-03-02 08:00",
            "original_due_at": "2026-03-05 08:00",
            "due_at": "2026-03-09 08:00",
            "finished_at": "2026-03-07 10:00",
        },
        # April: withdrawn — column 9 (on time).
        {
            "received_at": "2026-03-30 08:00",
            "due_at": "2026-04-02 08:00",
            "finished_at": "2026-04-06 09:00",
            "status": Status.WITHDRAWN,
        },
        # Refused at intake and finished: not resolved by anyone.
        {
            "received_at": "2026-03-02 08:00",
            "finished_at": "2026-03-02 09:00",
            "status": Status.REFUSED,
        },
    )

    d = dashboard.build(world.leader, world.commune, 2026, now=NOW)

    by_month = {m.month: m for m in d.on_time}
    assert (by_month[3].resolved, by_month[3].in_time, by_month[3].rate) == (3, 2, 66.67)
    assert (by_month[4].resolved, by_month[4].in_time, by_month[4].rate) == (1, 1, 100.0)
    assert by_month[5].resolved == 0 and by_month[5].rate is None
    assert (d.on_time_year.resolved, d.on_time_year.in_time, d.on_time_year.rate) == (4, 3, 75.0)
    table = dashboard.on_time_chart(d).table
    assert table.rows[2] == ("Tháng 3/2026", "3", "2", "66,67%")
    assert table.rows[4] == ("Tháng 5/2026", "0", "0", "—")
    assert table.rows[-1] == ("Cả năm", "4", "3", "75%")


def test_overdue_now_by_current_office_follows_the_overdue_queue_rule(world):
    """As an office head I see which office is sitting on overdue dossiers right now."""
    w = world
    make(
        w,
        open_dossier("2026-07-01 08:00", "2026-07-06 08:00", current_office=w.spec_office),
        open_dossier("2026-07-02 08:00", "2026-07-07 08:00", current_office=w.spec_office),
        open_dossier(
            "2026-07-02 08:00",
            "2026-07-07 08:00",
            current_office=w.desk_office,
            status=Status.RECEIVED,
        ),
        # Inter-agency: received by the commune, now at the district's department.
        open_dossier("2026-07-01 08:00", "2026-07-03 08:00", current_office=w.partner_office),
        open_dossier("2026-07-01 08:00", "2026-07-03 08:00"),  # no office recorded
        # Not overdue now: clock paused, result ready, still in time.
        open_dossier(
            "2026-07-01 08:00",
            "2026-07-03 08:00",
            current_office=w.spec_office,
            status=Status.AWAITING_SUPPLEMENT,
        ),
        open_dossier(
            "2026-07-01 08:00",
            "2026-07-03 08:00",
            current_office=w.spec_office,
            status=Status.RESOLVED,
        ),
        open_dossier("2026-07-10 08:00", "2026-07-16 08:00", current_office=w.spec_office),
        # Another commune's dossier.
        open_dossier("2026-07-01 08:00", "2026-07-03 08:00", unit=w.sibling),
    )

    d = dashboard.build(w.leader, w.commune, 2026, now=NOW)

    assert [(row.office, row.unit, row.count) for row in d.overdue] == [
        ("Công chức Tư pháp", "UBND xã Phước Hưng", 2),
        ("Bộ phận Một cửa", "UBND xã Phước Hưng", 1),
        ("Phòng Tài nguyên", "Phòng Tài nguyên và Môi trường", 1),
        (dashboard.NO_OFFICE, "", 1),
    ]
    assert d.overdue_total == 5
    table = dashboard.overdue_chart(d).table
    assert table.rows[0] == ("Công chức Tư pháp", "UBND xã Phước Hưng", "2")
    assert table.rows[-1] == ("Tổng cộng", "", "5")
    district = dashboard.build(w.district_officer, w.district, 2026, include_children=True, now=NOW)
    assert district.overdue_total == 6


def test_roll_up_table_compares_the_communes_of_a_district(world):
    """As the district's reform officer I compare my communes over the year."""
    w = world
    make(
        w,
        {
            "received_at": "2026-02-02 08:00",
            "channel": Channel.ONLINE,
            "due_at": "2026-02-05 08:00",
            "finished_at": "2026-02-04 08:00",
        },
        {
            "received_at": "2026-02-02 08:00",
            "due_at": "2026-02-05 08:00",
            "finished_at": "2026-02-09 08:00",
        },
        open_dossier("2026-07-01 08:00", "2026-07-03 08:00", current_office=w.spec_office),
        {
            "unit": w.sibling,
            "received_at": "2026-03-02 08:00",
            "due_at": "2026-03-05 08:00",
            "finished_at": "2026-03-05 08:00",
        },
        {
            "unit": w.district,
            "received_at": "2026-04-01 08:00",
            "channel": Channel.ONLINE,
            "status": Status.PROCESSING,
            "due_at": "2026-08-01 08:00",
        },
    )

    d = dashboard.build(w.district_officer, w.district, 2026, include_children=True, now=NOW)

    lines = {line.name: line for line in d.units}
    assert list(lines)[0] == "UBND huyện Trà Cú"  # the unit itself first, the total last
    assert list(lines)[-1] == "Tổng cộng"
    commune = lines["UBND xã Phước Hưng"]
    assert (commune.counts.received_total, commune.counts.resolved_total) == (3, 2)
    assert (commune.on_time_rate, commune.online_share, commune.overdue_now) == (50.0, 33.3, 1)
    sibling = lines["UBND xã Tập Sơn"]
    assert (sibling.counts.received_total, sibling.on_time_rate, sibling.online_share) == (
        1,
        100.0,
        0.0,
    )
    assert lines["Phòng Tài nguyên và Môi trường"].counts.received_total == 0
    total = lines["Tổng cộng"]
    assert (total.counts.received_total, total.counts.resolved_total, total.overdue_now) == (
        5,
        3,
        1,
    )
    assert d.received_year.received == 5  # the charts cover the subtree too
    table = dashboard.comparison_chart(d).table
    assert ("3", "UBND xã Phước Hưng", "3", "2", "50%", "33,3%", "1") in table.rows
    assert table.rows[-1] == ("", "Tổng cộng", "5", "3", "66,67%", "40%", "1")
    # Without its subordinate units a district shows no comparison.
    assert dashboard.build(w.district_officer, w.district, 2026, now=NOW).units == ()


def test_satisfaction_is_not_made_up_before_the_feedback_module_exists(world):
    """As a reform officer I am told plainly that there are no satisfaction figures yet."""
    d = dashboard.build(world.leader, world.commune, 2026, now=NOW)
    assert d.satisfaction is None
    assert all(chart.title for chart in dashboard.dashboard_charts(d, formats=("png",)))


def test_a_year_not_yet_begun_has_no_months(world):
    """As a reform officer choosing next year I see empty charts, not zeros made up."""
    d = dashboard.build(
        world.leader, world.commune, 2027, now=datetime(2026, 7, 15, tzinfo=NOW.tzinfo)
    )
    assert d.months == () and d.on_time == ()
    assert dashboard.channels_chart(d, formats=("svg",)).table.rows == (
        ("Cả năm", "0", "0", "0", "0"),
    )
