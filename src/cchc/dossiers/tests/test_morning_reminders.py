"""Each working morning, assignees and office heads hear about dossiers due soon or overdue."""

import pytest
import time_machine
from django.core import mail

from cchc.core.models import Notification
from cchc.units.models import Role, RoleGrant

from .. import services
from ..tasks import remind_due_and_overdue
from .factories import accept, later

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(world):
    """A dossier received Mon 02/03/2026 08:00 (due Thu 05/03 08:00), assigned to the specialist."""
    world.specialist.email = "chuyenvien@example.vn"
    world.specialist.save()
    RoleGrant.objects.filter(user=world.head).update(office=world.spec_office)
    dossier = services.start_processing(world.all_roles, accept(world), at=later(10))
    return services.assign(
        world.all_roles, dossier, world.specialist, office=world.spec_office, at=later(20)
    )


def test_due_tomorrow_and_overdue_dossiers_are_reminded_once(world, assigned):
    """As a specialist I get one reminder the morning before the due day and one when it is overdue."""
    with time_machine.travel("2026-03-04 07:30 +0700"):
        assert remind_due_and_overdue.call() >= 1
        assert remind_due_and_overdue.call() == 0  # the same morning again: nothing new
    mine = Notification.objects.filter(recipient=world.specialist)
    assert "đến hạn lúc 08:00 05/03/2026" in mine.get().message
    assert mail.outbox[0].to == ["chuyenvien@example.vn"]
    with time_machine.travel("2026-03-06 07:30 +0700"):
        remind_due_and_overdue.call()
    assert mine.filter(message__contains="đã quá hạn").count() == 1
    assert Notification.objects.filter(
        recipient=world.head, message__contains="đã quá hạn"
    ).exists()


def test_no_reminders_on_days_off_or_for_far_dossiers(world, assigned):
    """As a specialist I am not disturbed on Sunday, nor about dossiers due next week."""
    with time_machine.travel("2026-03-08 07:30 +0700"):  # Sunday
        assert remind_due_and_overdue.call() == 0
    with time_machine.travel("2026-03-02 09:00 +0700"):  # due in three working days
        assert remind_due_and_overdue.call() == 0
    assert not Notification.objects.exists()


def test_an_officer_of_another_commune_is_never_reminded(world, assigned):
    """As an officer of a neighbouring commune I get no reminders about this commune's dossiers."""
    RoleGrant.objects.get_or_create(user=world.outsider, unit=world.sibling, role=Role.OFFICE_HEAD)
    with time_machine.travel("2026-03-06 07:30 +0700"):
        remind_due_and_overdue.call()
    assert not Notification.objects.filter(recipient=world.outsider).exists()


def test_reminders_show_on_the_home_page_until_marked_read(client, world, assigned):
    """As a specialist I see my reminders on my home page and can clear them."""
    from django.urls import reverse

    from cchc.units.tests.factories import PASSWORD

    with time_machine.travel("2026-03-06 07:30 +0700"):
        remind_due_and_overdue.call()
    client.login(username=world.specialist.username, password=PASSWORD)
    assert "đã quá hạn" in client.get(reverse("home")).content.decode()
    client.post(reverse("notifications-read"))
    assert "đã quá hạn" not in client.get(reverse("home")).content.decode()
    client.force_login(world.outsider)
    assert "đã quá hạn" not in client.get(reverse("home")).content.decode()
