import time

from django.core.management.base import BaseCommand

from cchc.core import schedule
from cchc.core.services import enqueue_due_jobs, seconds_until_next


class Command(BaseCommand):
    help = (
        "Enqueue the registered periodic jobs when their time comes (run beside `cchc db_worker`)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="check once and exit (for cron)")

    def handle(self, *args, once, **options):
        names = ", ".join(f"{j.name} ({j.cron})" for j in schedule.jobs()) or "không có"
        self.stdout.write(f"Công việc định kỳ: {names}")
        while True:
            for name in enqueue_due_jobs():
                self.stdout.write(f"Đã xếp hàng công việc: {name}")
            if once:
                return
            time.sleep(seconds_until_next())
