"""Test data for plans: a district with offices, communes and people in every role, plans and
tasks (directly, for counting tests; through the services where history matters)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import factory

from cchc.units.models import Office, OfficeKind, Role, RoleGrant, UnitKind
from cchc.units.tests.factories import UnitFactory, UserFactory

from ..models import Plan, PlanKind, ReformArea, Task, TaskOrigin, TaskStatus


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    unit = factory.SubFactory(UnitFactory, kind=UnitKind.DISTRICT)
    kind = PlanKind.REFORM
    year = 2021
    number = factory.Sequence(lambda n: f"{n + 1:02d}/KH-UBND")
    issued_on = date(2021, 1, 19)
    title = factory.LazyAttribute(lambda p: f"Kế hoạch cải cách hành chính năm {p.year}")


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    plan = factory.SubFactory(PlanFactory)
    unit = factory.LazyAttribute(lambda t: t.plan.unit)
    origin = TaskOrigin.OWN
    order = factory.Sequence(lambda n: n + 1)
    area = ReformArea.DIRECTION
    title = factory.Sequence(lambda n: f"Nhiệm vụ cải cách hành chính số {n + 1}")
    due_on = date(2021, 6, 30)
    status = TaskStatus.NOT_STARTED
    completed_on = None


def done(completed_on: date, **fields) -> Task:
    return TaskFactory(status=TaskStatus.DONE, completed_on=completed_on, **fields)


def user_with(role, unit, office=None, **fields):
    user = UserFactory(**fields)
    RoleGrant.objects.create(user=user, unit=unit, role=role, office=office)
    return user


def plan_world() -> SimpleNamespace:
    """UBND tỉnh Sóc Trăng → UBND huyện Thạnh Trị (offices, communes, people) and another
    district with its own reform officer."""
    w = SimpleNamespace()
    w.province = UnitFactory(code="ST", name="UBND tỉnh Sóc Trăng", kind=UnitKind.PROVINCE)
    w.home_affairs = UnitFactory(
        code="ST-SNV", name="Sở Nội vụ tỉnh Sóc Trăng", kind=UnitKind.DEPARTMENT, parent=w.province
    )
    w.district = UnitFactory(
        code="TT", name="UBND huyện Thạnh Trị", kind=UnitKind.DISTRICT, parent=w.province
    )
    w.commune = UnitFactory(
        code="TT-PHULOC", name="UBND thị trấn Phú Lộc", kind=UnitKind.COMMUNE, parent=w.district
    )
    w.department = UnitFactory(
        code="TT-PTNMT",
        name="Phòng Tài nguyên và Môi trường huyện Thạnh Trị",
        kind=UnitKind.DEPARTMENT,
        parent=w.district,
    )
    w.other = UnitFactory(
        code="CT-HUYEN", name="UBND huyện Châu Thành", kind=UnitKind.DISTRICT, parent=w.province
    )
    w.justice = Office.objects.create(
        unit=w.district, code="TUPHAP", name="Phòng Tư pháp", kind=OfficeKind.SPECIALIST
    )
    w.home_office = Office.objects.create(
        unit=w.district, code="NOIVU", name="Phòng Nội vụ", kind=OfficeKind.SPECIALIST
    )
    w.desk_office = Office.objects.create(
        unit=w.district, code="MOTCUA", name="Bộ phận Một cửa", kind=OfficeKind.ONE_STOP
    )
    w.other_office = Office.objects.create(
        unit=w.other, code="TUPHAP", name="Phòng Tư pháp Châu Thành", kind=OfficeKind.SPECIALIST
    )
    w.officer = user_with(Role.REFORM_OFFICER, w.district, w.home_office, username="cchc")
    w.leader = user_with(Role.UNIT_LEADER, w.district, username="lanhdao")
    w.head = user_with(Role.OFFICE_HEAD, w.district, w.justice, username="truongphong")
    w.specialist = user_with(Role.SPECIALIST, w.district, w.justice, username="chuyenvien")
    w.home_specialist = user_with(Role.SPECIALIST, w.district, w.home_office, username="noivu")
    w.desk = user_with(Role.ONE_STOP_OFFICER, w.district, w.desk_office, username="motcua")
    w.appraiser = user_with(Role.APPRAISER, w.province, username="thamdinh")
    w.outsider = user_with(Role.REFORM_OFFICER, w.other, username="cchckhac")
    w.province_officer = user_with(Role.REFORM_OFFICER, w.province, username="cchctinh")
    return w


def seed_003_plan(unit, year: int = 2021) -> Plan:
    """Seed 003's annual plan: 23 tasks, 21 completed (one of them late), 2 not."""
    plan = PlanFactory(unit=unit, year=year, number="05/KH-UBND", issued_on=date(year, 1, 19))
    areas = list(ReformArea.values)[:7]
    for n in range(23):
        fields = {"plan": plan, "area": areas[n % 7], "due_on": date(year, 6, 30)}
        if n < 20:
            done(date(year, 6, 15), **fields)
        elif n == 20:
            done(date(year, 7, 20), **fields)  # late
        else:
            TaskFactory(status=TaskStatus.IN_PROGRESS, **fields)
    return plan


SEED_000_AREAS = [
    (ReformArea.INSTITUTIONS, 4),
    (ReformArea.PROCEDURES, 4),
    (ReformArea.ORGANISATION, 3),
    (ReformArea.CIVIL_SERVICE, 2),
    (ReformArea.PUBLIC_FINANCE, 2),
    (ReformArea.MODERNISATION, 4),
    (ReformArea.DIRECTION, 6),
]
