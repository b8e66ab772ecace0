"""Background jobs of the calendar."""

from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from cchc.units.models import Role, User

from .queries import unconfirmed_years
from .services import calendar_for

REMINDER_FROM_MONTH = 11  # the Ministry's notice for next year usually comes in Q4


@task()
def remind_unconfirmed_calendar() -> int:
    """Each working morning from November on, e-mail administrators while next year's calendar
    is unconfirmed (deadlines in January would rest on seeded data only). Returns mails sent."""
    today = timezone.localdate()
    if today.month < REMINDER_FROM_MONTH or not calendar_for().is_working_day(today):
        return 0
    if not unconfirmed_years([today.year + 1]):
        return 0
    recipients = sorted(
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(role_grants__role=Role.ADMINISTRATOR))
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if not recipients:
        return 0
    send_mail(
        subject=f"[CCHC] Lịch làm việc năm {today.year + 1} chưa được xác nhận",
        message=(
            f"Lịch làm việc năm {today.year + 1} chưa được xác nhận. Khi có thông báo nghỉ lễ, Tết "
            'của Bộ Nội vụ, vui lòng rà soát và xác nhận tại trang "Lịch làm việc" để hạn giải '
            "quyết hồ sơ được tính đúng."
        ),
        from_email=None,
        recipient_list=recipients,
    )
    return len(recipients)
