"""Every indicator of the 766 service index on hand-built data: a commune's catalogue of ten
procedures and its twelve dossiers of March 2025, each figure worked out by hand below, and
the points, group sums, counted maximum and index that follow from rule set version 1.

Also the helpers the other service index tests build on (`world`, `month_of_dossiers`)."""

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest

from cchc.catalog.models import Level, OnlineMode, PublicationDecision, PublicationItem
from cchc.catalog.tests.factories import ProcedureFactory, SectorFactory
from cchc.dossiers.models import Channel, ComponentForm, DossierComponent, Status
from cchc.reporting import periods, sources
from cchc.reporting.tests.factories import at, dossier, insert
from cchc.units.models import Role, RoleGrant, UnitKind
from cchc.units.tests.factories import UnitFactory, UserFactory

from .. import service_index_queries as queries
from .. import service_rules
from ..models import ServiceIndexEntry

pytestmark = pytest.mark.django_db

SATISFACTION = "feedback.satisfaction_rate"


@pytest.fixture(autouse=True)
def rule_set_766(db):
    """Version 1 as the data migration installs it (a test that flushed the database
    before this one took it away)."""
    return service_rules.install()


def staff(username, role, unit):
    user = UserFactory(username=username)
    RoleGrant.objects.create(user=user, unit=unit, role=role)
    return user


def world() -> SimpleNamespace:
    """UBND tỉnh Hậu Giang → UBND huyện Châu Thành A → xã Tân Hòa (A), xã Thạnh Xuân (B);
    a second district; ten commune-level procedures (P0–P9) and a few that never count."""
    w = SimpleNamespace()
    w.province = UnitFactory(code="HG", name="UBND tỉnh Hậu Giang", kind=UnitKind.PROVINCE)
    w.district = UnitFactory(
        code="CTA", name="UBND huyện Châu Thành A", kind=UnitKind.DISTRICT, parent=w.province
    )
    w.a = UnitFactory(
        code="CTA-TH", name="UBND xã Tân Hòa", kind=UnitKind.COMMUNE, parent=w.district
    )
    w.b = UnitFactory(
        code="CTA-TX", name="UBND xã Thạnh Xuân", kind=UnitKind.COMMUNE, parent=w.district
    )
    w.other = UnitFactory(
        code="VT", name="UBND huyện Vị Thủy", kind=UnitKind.DISTRICT, parent=w.province
    )
    sector = SectorFactory(code="HOTICH", name="Hộ tịch")
    # online mode, fee, how it was published (item: in a decision of 01/12/2024; ref: the
    # procedure's own record; late: a decision of 15/04/2025; none)
    plan = [
        (OnlineMode.FULL, 50000, "item"),
        (OnlineMode.FULL, 20000, "item"),
        (OnlineMode.PARTIAL, None, "item"),
        (OnlineMode.PARTIAL, None, "item"),
        (OnlineMode.FULL, None, "ref"),
        (OnlineMode.NONE, 10000, "ref"),
        (OnlineMode.NONE, 30000, "ref"),
        (OnlineMode.NONE, None, "ref"),
        (OnlineMode.NONE, None, "none"),
        (OnlineMode.NONE, None, "late"),
    ]
    early = PublicationDecision.objects.create(
        number="2001/QĐ-UBND", signed_on=date(2024, 12, 1), title="Công bố TTHC cấp xã"
    )
    late = PublicationDecision.objects.create(
        number="500/QĐ-UBND", signed_on=date(2025, 4, 15), title="Công bố TTHC cấp xã (bổ sung)"
    )
    w.p = []
    for number, (mode, fee, published) in enumerate(plan):
        procedure = ProcedureFactory(
            code=f"XA.{number}",
            name=f"Thủ tục cấp xã số {number}",
            sector=sector,
            level=Level.COMMUNE,
            online_mode=mode,
            fee=fee,
            decision_ref="2001/QĐ-UBND" if published == "ref" else "",
            processing_time="3d",
        )
        if published == "item":
            PublicationItem.objects.create(decision=early, procedure=procedure)
        if published == "late":
            PublicationItem.objects.create(decision=late, procedure=procedure)
        w.p.append(procedure)
    # Never counted for a commune: another level, an internal and an abolished procedure.
    ProcedureFactory(sector=sector, level=Level.DISTRICT, online_mode=OnlineMode.FULL, fee=1)
    ProcedureFactory(sector=sector, level=Level.COMMUNE, internal=True)
    ProcedureFactory(sector=sector, level=Level.COMMUNE, active=False)
    w.officer_a = staff("cchc.tanhoa", Role.REFORM_OFFICER, w.a)
    w.officer_b = staff("cchc.thanhxuan", Role.REFORM_OFFICER, w.b)
    w.district_officer = staff("cchc.chauthanha", Role.REFORM_OFFICER, w.district)
    w.specialist_a = staff("chuyenvien.tanhoa", Role.SPECIALIST, w.a)
    return w


def _outcome(proc, unit, channel, outcome, day, *, code, **flags):
    """One dossier received at 08:00 on `day` with `outcome` in that day's month."""
    received = at(day, 8)
    status, due, finished = Status.RETURNED, at(day + timedelta(days=5), 17), None
    if outcome == "early":
        finished = at(day + timedelta(days=1), 10)
    elif outcome == "on_time":
        due, finished, status = (
            at(day + timedelta(days=2), 17),
            at(day + timedelta(days=2), 9),
            Status.RESOLVED,
        )
    elif outcome == "late":
        due, finished = at(day + timedelta(days=1), 17), at(day + timedelta(days=3), 9)
    elif outcome == "pending_in_time":
        status, due = Status.PROCESSING, at(day + timedelta(days=60), 17)
    elif outcome == "pending_overdue":
        status, due = Status.PROCESSING, at(day + timedelta(days=1), 17)
    elif outcome == "withdrawn":
        status, finished = Status.WITHDRAWN, at(day + timedelta(days=1), 9)
    return dossier(
        proc,
        unit,
        channel=channel,
        status=status,
        received_at=received,
        submitted_at=received if channel == Channel.ONLINE else None,
        due_at=due,
        finished_at=finished,
        code=code,
        **flags,
    )


def month_of_dossiers(w, unit, year=2025, month=3):
    """Twelve dossiers of `unit` counted in the month: ten new, two carried over.

    no. channel procedure outcome           flags
    1   online  P0 (fee)  early             paid online, e-result, 2 electronic components
    2   online  P0 (fee)  early             e-result, 1 electronic component
    3   online  P2        on time           e-result, 1 paper component not digitised
    4   online  P2        pending in time
    5   counter P5 (fee)  early             digitised, e-result, a component re-used
    6   counter P5 (fee)  on time           digitised, a component re-used
    7   counter P6 (fee)  late              digitised, e-result
    8   counter P7        pending in time   one component digitised
    9   counter P7        pending overdue   no dossier code
    10  counter P8        withdrawn
    11  counter P7        carried over, resolved early in the month, e-result
    12  counter P7        carried over, pending overdue
    """
    p = w.p
    d = lambda n: date(year, month, n)  # noqa: E731
    code = lambda n: f"{unit.code}-{year % 100:02d}{month:02d}{n:02d}-{n:04d}"  # noqa: E731
    rows = [
        _outcome(
            p[0], unit, Channel.ONLINE, "early", d(3), code=code(1), paid_online=True, e_result=True
        ),
        _outcome(p[0], unit, Channel.ONLINE, "early", d(4), code=code(2), e_result=True),
        _outcome(p[2], unit, Channel.ONLINE, "on_time", d(5), code=code(3), e_result=True),
        _outcome(p[2], unit, Channel.ONLINE, "pending_in_time", d(6), code=code(4)),
        _outcome(
            p[5], unit, Channel.COUNTER, "early", d(7), code=code(5), digitised=True, e_result=True
        ),
        _outcome(p[5], unit, Channel.COUNTER, "on_time", d(10), code=code(6), digitised=True),
        _outcome(
            p[6], unit, Channel.COUNTER, "late", d(11), code=code(7), digitised=True, e_result=True
        ),
        _outcome(p[7], unit, Channel.COUNTER, "pending_in_time", d(12), code=code(8)),
        _outcome(p[7], unit, Channel.COUNTER, "pending_overdue", d(13), code=None),
        _outcome(p[8], unit, Channel.COUNTER, "withdrawn", d(14), code=code(10)),
    ]
    before = d(1) - timedelta(days=10)
    carried = [
        dossier(
            p[7],
            unit,
            received_at=at(before, 8),
            status=Status.RETURNED,
            due_at=at(d(5), 17),
            finished_at=at(d(2), 9),
            e_result=True,
            code=code(11),
        ),
        dossier(
            p[7],
            unit,
            received_at=at(before, 9),
            status=Status.PROCESSING,
            due_at=at(before + timedelta(days=3), 17),
            code=code(12),
        ),
    ]
    saved = insert(rows + carried)
    components = [
        (0, ComponentForm.ELECTRONIC, False, False),
        (0, ComponentForm.ELECTRONIC, False, False),
        (1, ComponentForm.ELECTRONIC, False, False),
        (2, ComponentForm.ORIGINAL, False, False),
        (4, ComponentForm.ORIGINAL, True, True),
        (5, ComponentForm.COPY, True, True),
        (7, ComponentForm.ORIGINAL, True, False),
    ]
    DossierComponent.objects.bulk_create(
        DossierComponent(
            dossier=saved[i], name="Tờ khai", form=form, digitised=dig, reused_from_store=reused
        )
        for i, form, dig, reused in components
    )
    return saved


MARCH = periods.window("2025-03", "calendar")


@pytest.fixture
def no_satisfaction(monkeypatch):
    """The feedback app's source is absent unless a test registers one."""
    monkeypatch.delitem(sources._registry, SATISFACTION, raising=False)


@pytest.fixture
def march(no_satisfaction):
    w = world()
    month_of_dossiers(w, w.a)
    ServiceIndexEntry.objects.create(
        indicator="1.2", unit=w.a, year=2025, month=3, numerator=9, denominator=10
    )
    return w


def figures(result, code):
    item = result.indicator(code)
    return (item.figure.numerator, item.figure.denominator, item.points, item.counted_max)


def test_every_indicator_of_a_commune_in_march(march):
    """As the reform officer of xã Tân Hòa I see each indicator's numerator, denominator and
    points for March 2025, exactly as I count them by hand."""
    outcome = queries.outcome(march.a, MARCH)
    result = outcome.result
    d = Decimal
    # 1.1: P0–P7 published by 31/03 (P9's decision is of 15/04) of the 10 in force.
    assert figures(result, "1.1") == (8, 10, d("4.80"), d(6))
    # 1.2: entered by the province, 9 of 10 synchronised.
    assert figures(result, "1.2") == (9, 10, d("5.40"), d(6))
    # 1.3: new dossiers with a dossier code (no. 9 has none).
    assert figures(result, "1.3") == (9, 10, d("5.40"), d(6))
    # 2.1: early 4 (1, 2, 5, 11) + on time 3 (3, 6 and the withdrawn 10) + pending in time 2
    # (4, 8) of 12 received (10 new, 2 carried over): 20 × 9/12.
    assert figures(result, "2.1") == (9, 12, d("15.00"), d(20))
    # 3.1: 5 of 10 procedures online, below 80% → 1,6.
    assert figures(result, "3.1") == (5, 10, d("1.60"), d(2))
    # 3.2: online dossiers came for P0 and P2: 4 × 2/5.
    assert figures(result, "3.2") == (2, 5, d("1.60"), d(4))
    # 3.3: 4 of 10 new dossiers online, below 50% → 3.
    assert figures(result, "3.3") == (4, 10, d("3.00"), d(6))
    # 4.1: fee-bearing P0, P1, P5, P6; fully online P0, P1: 50% → 2.
    assert figures(result, "4.1") == (2, 4, d("2.00"), d(2))
    # 4.2: nothing entered → no figure, left out of the maximum.
    assert figures(result, "4.2") == (None, None, None, d(0))
    # 4.3: fee-bearing new dossiers 1, 2, 5, 6, 7; paid online 1: 20% < 30% → 6 × 0,2 ÷ 0,3.
    assert figures(result, "4.3") == (1, 5, d("4.00"), d(6))
    # 5.1: no ratings source → no figure, left out.
    assert figures(result, "5.1") == (None, None, None, d(0))
    # 6.1: results in March 1, 2, 3, 5, 6, 7, 11; electronic 1, 2, 3, 5, 7, 11: 10 × 6/7.
    assert figures(result, "6.1") == (6, 7, d("8.57"), d(10))
    # 6.2: digitised 1, 2 (electronic), 5, 6, 7 (flag), 8 (a component): 6 × 0,6 ÷ 0,8.
    assert figures(result, "6.2") == (6, 10, d("4.50"), d(6))
    # 6.3: re-used 5, 6: 6 × 0,2 ÷ 0,8.
    assert figures(result, "6.3") == (2, 10, d("1.50"), d(6))

    assert [(g.code, g.points, g.max) for g in result.groups] == [
        ("1", d("15.60"), d(18)),
        ("2", d("15.00"), d(20)),
        ("3", d("6.20"), d(12)),
        ("4", d("6.00"), d(8)),
        ("5", d(0), d(0)),
        ("6", d("14.57"), d(22)),
    ]
    assert result.points == d("57.37")
    assert result.max == d(80)
    assert result.nominal_max == d(100)
    assert result.index == d("71.71")  # 57,37 ÷ 80 × 100
    assert result.indicator("4.2").empty_reason == "Tỉnh chưa nhập số liệu của đơn vị cho kỳ này."
    assert "chưa có trên hệ thống" in result.indicator("5.1").empty_reason


def test_april_counts_the_procedure_published_in_april(march):
    """As the reform officer I see a procedure count as published from the month its
    decision was signed."""
    april = periods.window("2025-04", "calendar")
    result = queries.outcome(march.a, april).result
    assert figures(result, "1.1")[:2] == (9, 10)


def test_a_commune_without_dossiers_scores_only_what_it_has(march):
    """As the reform officer of xã Thạnh Xuân, which received nothing in March, I see the
    dossier indicators as "Chưa có số liệu", out of the maximum, and the catalogue ones
    scored."""
    result = queries.outcome(march.b, MARCH).result
    assert result.indicator("2.1").percent is None
    assert result.indicator("2.1").counted_max == 0
    assert "Không phát sinh" in result.indicator("2.1").empty_reason
    assert figures(result, "3.1") == (5, 10, Decimal("1.60"), Decimal(2))
    # Only 1.1, 3.1, 3.2 (0 of 5 online procedures used) and 4.1 have figures.
    assert result.max == Decimal(6 + 2 + 4 + 2)
    assert result.points == Decimal("4.80") + Decimal("1.60") + Decimal(0) + Decimal(2)


def test_the_district_with_its_communes_adds_their_dossiers_and_levels(march):
    """As the reform officer of the district I see its index with the communes' dossiers
    when I ask for the units below, and with its own dossiers only otherwise."""
    alone = queries.outcome(march.district, MARCH).result
    assert alone.indicator("2.1").figure.denominator == 0
    assert figures(alone, "3.1")[:2] == (1, 1)  # the one district-level procedure
    subtree = queries.outcome(march.district, MARCH, children=True)
    result = subtree.result
    assert figures(result, "2.1")[:2] == (9, 12)
    # district and commune procedures: 11 in force, 6 online
    assert figures(result, "3.1")[:2] == (6, 11)
    assert figures(result, "1.2")[:2] == (9, 10)  # the commune's entry rolls up
    assert "và các đơn vị trực thuộc" in subtree.data_text


def test_a_registered_satisfaction_source_scores_group_5(march, monkeypatch):
    """As the reform officer I see satisfaction scored from the citizens' ratings once the
    feedback module provides them: 18 × satisfied ÷ rated."""
    asked = []

    def satisfaction(context, params):
        asked.append((context.unit.code, context.window.label, params.get("scope")))
        return sources.Computed(
            Decimal("90"), "9/10 phiếu hài lòng.", percent=True, parts={"rated": 10, "satisfied": 9}
        )

    monkeypatch.setitem(sources._registry, SATISFACTION, satisfaction)
    outcome = queries.outcome(march.a, MARCH)
    assert figures(outcome.result, "5.1") == (9, 10, Decimal("16.20"), Decimal(18))
    assert "9/10 phiếu hài lòng." in outcome.result.indicator("5.1").provenance
    assert outcome.result.max == Decimal(98)
    queries.outcome(march.district, MARCH, children=True)
    assert asked == [("CTA-TH", "2025-03", "self"), ("CTA", "2025-03", "all")]


def test_no_ratings_means_no_figure(march, monkeypatch):
    """As the reform officer I see "Chưa có số liệu" for satisfaction in a month without
    ratings, and the group left out of the maximum."""

    def satisfaction(context, params):
        return sources.Computed(
            None, "Chưa có phiếu.", percent=True, parts={"rated": 0, "satisfied": 0}
        )

    monkeypatch.setitem(sources._registry, SATISFACTION, satisfaction)
    result = queries.outcome(march.a, MARCH).result
    assert figures(result, "5.1") == (None, None, None, Decimal(0))
    assert result.indicator("5.1").empty_reason.startswith("Không có số liệu trong kỳ")
    assert result.max == Decimal(80)


def test_a_quarter_adds_its_months(march):
    """As the reform officer I see a quarter's index from the dossiers and entries of its
    three months."""
    month_of_dossiers(march, march.a, 2025, 2)
    ServiceIndexEntry.objects.create(
        indicator="1.2", unit=march.a, year=2025, month=1, numerator=1, denominator=4
    )
    q1 = periods.window("2025-Q1", "calendar")
    result = queries.outcome(march.a, q1).result
    assert figures(result, "1.2")[:2] == (10, 14)
    # Every dossier of both months is new in the quarter (the carried-over pairs were
    # received in January and February); one of each ten has no code.
    assert figures(result, "1.3")[:2] == (22, 24)


def test_a_department_serves_the_level_above_it(march):
    """As the reform officer of a district's phòng I see the district's procedures counted
    for it, and a provincial sở counts the province's; the district with its units below
    counts district and commune procedures, not the province's."""
    ProcedureFactory(level=Level.PROVINCE, online_mode=OnlineMode.FULL)
    phong = UnitFactory(
        code="CTA-TP",
        name="Phòng Tư pháp huyện Châu Thành A",
        kind=UnitKind.DEPARTMENT,
        parent=march.district,
    )
    so = UnitFactory(
        code="HG-STP",
        name="Sở Tư pháp tỉnh Hậu Giang",
        kind=UnitKind.DEPARTMENT,
        parent=march.province,
    )
    assert queries.scopes_of([phong, so], children=False)[phong.pk].levels == ("district",)
    assert queries.scopes_of([phong, so], children=False)[so.pk].levels == ("province",)
    district = queries.outcome(march.district, MARCH, children=True)
    assert district.scope.levels == ("district", "commune")
    assert figures(district.result, "3.1")[:2] == (6, 11)
    assert figures(queries.outcome(so, MARCH).result, "3.1")[:2] == (1, 1)
