"""Each working morning the staff of a task's owner office and the unit's reform officers
hear about tasks due within three working days and about overdue ones — once a day, in the
application and in one e-mail per person; nothing is sent on days off."""

from datetime import date

import pytest
import time_machine
from django.core import mail

from cchc.core import schedule
from cchc.core.models import Notification
from cchc.workcal.services import seed_year

from .. import services
from ..models import PlanKind, ReformArea, TaskAction, TaskEvent, TaskStatus
from ..tasks import remind_tasks_due
from .factories import plan_world

pytestmark = pytest.mark.django_db

THURSDAY = "2024-03-14 07:00 +0700"


@pytest.fixture
def world():
    w = plan_world()
    seed_year(2024)
    for user, email in ((w.officer, "cchc@thanhtri.vn"), (w.head, "tuphap@thanhtri.vn")):
        user.email = email
        user.save()
    w.plan = services.create_plan(
        w.officer,
        w.district,
        kind=PlanKind.REFORM,
        year=2024,
        number="02/KH-UBND",
        issued_on=date(2024, 1, 12),
        title="Kế hoạch CCHC năm 2024",
    )

    def task(title, due, office, **extra):
        return services.add_task(
            w.officer,
            unit=w.district,
            plan=w.plan,
            area=ReformArea.INSTITUTIONS,
            title=title,
            due_on=due,
            owner_office=office,
            **extra,
        )

    w.due_soon = task("Tự kiểm tra văn bản QPPL", date(2024, 3, 19), w.justice)  # 3rd day
    w.overdue = task("Ban hành kế hoạch tuyên truyền", date(2024, 3, 13), w.home_office)
    w.later = task("Kiểm tra công tác CCHC", date(2024, 3, 20), w.justice)  # 4th day
    w.finished = task("Kiện toàn Bộ phận Một cửa", date(2024, 3, 15), w.justice)
    services.update_progress(
        w.officer,
        w.finished,
        status=TaskStatus.DONE,
        completed_on=date(2024, 3, 1),
        today=date(2024, 3, 1),
    )
    return w


def messages_of(user):
    return list(Notification.objects.filter(recipient=user).values_list("message", flat=True))


def test_the_job_is_scheduled_on_working_mornings():
    """As an operator I find the reminder among the periodic jobs, at 07:00 Monday–Saturday."""
    jobs = {job.name: job for job in schedule.jobs()}
    assert jobs["plans.task-reminders"].cron == "0 7 * * 1-6"


def test_owner_office_and_reform_officers_are_reminded_once_a_day(world):
    """As the head of the justice office I hear on Thursday morning that our task is due on
    Tuesday; the reform officer hears about it and about the overdue one; nobody hears
    twice, nor about a task done or due later."""
    with time_machine.travel(THURSDAY):
        created = remind_tasks_due.call()
        assert remind_tasks_due.call() == 0
    assert messages_of(world.head) == [
        "Nhiệm vụ “Tự kiểm tra văn bản QPPL” của UBND huyện Thạnh Trị đến hạn hoàn thành "
        "ngày 19/03/2024."
    ]
    assert messages_of(world.specialist) == messages_of(world.head)
    assert messages_of(world.home_specialist) == [
        "Nhiệm vụ “Ban hành kế hoạch tuyên truyền” của UBND huyện Thạnh Trị đã quá hạn từ "
        "ngày 13/03/2024 mà chưa hoàn thành."
    ]
    assert len(messages_of(world.officer)) == 2
    assert messages_of(world.leader) == [] and messages_of(world.outsider) == []
    assert created == 5
    reminded = TaskEvent.objects.filter(action=TaskAction.REMIND)
    assert set(reminded.values_list("task_id", flat=True)) == {world.due_soon.pk, world.overdue.pk}
    assert reminded.count() == 2
    digests = {m.to[0]: m for m in mail.outbox}
    assert set(digests) == {"cchc@thanhtri.vn", "tuphap@thanhtri.vn"}
    assert digests["cchc@thanhtri.vn"].subject == "[CCHC] 2 nhiệm vụ CCHC đến hạn hoặc quá hạn"
    url = Notification.objects.filter(recipient=world.head).get().url
    assert url == f"/ke-hoach/nhiem-vu/{world.due_soon.pk}/"


def test_the_next_morning_reminds_again(world):
    """As the reform officer I am reminded again on Friday about what is still open."""
    with time_machine.travel(THURSDAY):
        remind_tasks_due.call()
    with time_machine.travel("2024-03-15 07:00 +0700"):
        assert remind_tasks_due.call() == 8  # the task due on 20/03 is now within three days
    assert len(messages_of(world.officer)) == 5


@pytest.mark.parametrize("moment", ["2024-03-17 07:00 +0700", "2024-04-30 07:00 +0700"])
def test_nothing_is_sent_on_a_day_off(world, moment):
    """As a civil servant I get no reminder on Sunday nor on a public holiday (30/4)."""
    with time_machine.travel(moment):
        assert remind_tasks_due.call() == 0
    assert not Notification.objects.exists() and not mail.outbox
