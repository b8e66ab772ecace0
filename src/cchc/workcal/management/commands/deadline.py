"""`cchc deadline --start "YYYY-MM-DD HH:MM" --duration D [--unit CODE]` prints the due time."""

import re
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from cchc.units.models import Unit
from cchc.workcal import services
from cchc.workcal.duration import Duration


class Command(BaseCommand):
    help = "In thời hạn (YYYY-MM-DD HH:MM) tính từ thời điểm tiếp nhận theo lịch làm việc."

    def add_arguments(self, parser):
        parser.add_argument(
            "--start", required=True, help='thời điểm tiếp nhận, "YYYY-MM-DD HH:MM" (giờ Việt Nam)'
        )
        parser.add_argument(
            "--duration", required=True, help="thời hạn: 3d, 0.5d, 4h, 15cd hoặc 0d@15:00"
        )
        parser.add_argument("--unit", help="mã đơn vị (lịch và giờ làm việc riêng của đơn vị)")

    def handle(self, *args, start, duration, unit=None, **options):
        moment = parse_start(start)
        try:
            parsed = Duration.parse(duration)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        scope = None
        if unit:
            scope = Unit.objects.filter(code=unit).first()
            if scope is None:
                raise CommandError(f"Không tìm thấy đơn vị có mã '{unit}'.")
        try:
            due = services.due_at(moment.replace(tzinfo=services.LOCAL_TZ), parsed, scope)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{due:%Y-%m-%d %H:%M}")


_START = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")


def parse_start(text: str) -> datetime:
    """Exactly "YYYY-MM-DD HH:MM" (local time); CommandError otherwise."""
    try:
        if not _START.match((text or "").strip()):
            raise ValueError
        return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise CommandError(
            f"Thời điểm '{text}' không hợp lệ; dùng dạng YYYY-MM-DD HH:MM, ví dụ 2026-08-21 16:00."
        ) from None
