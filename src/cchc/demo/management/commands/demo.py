import subprocess
import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from cchc.demo.loader import database_is_empty, demo_scale, load_demo_with_history
from cchc.units.demo import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Migrate, load the demo data set if the database is empty, and serve on 127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve", action="store_true", help="only migrate and load the data"
        )
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args, no_serve, addrport, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if database_is_empty():
            self.stdout.write("Đang nạp dữ liệu mẫu…")
            started = time.monotonic()
            logins, history = load_demo_with_history(scale=demo_scale())
            seconds = time.monotonic() - started
            self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
            count = f"{history.dossiers:,}".replace(",", ".")
            self.stdout.write(
                f"Đã tạo {count} hồ sơ mẫu từ năm 2021 đến nay "
                f"({history.history:,} dòng lịch sử xử lý; {seconds:.0f} giây).".replace(",", ".")
            )
        else:
            logins = demo_logins()
            self.stdout.write("Cơ sở dữ liệu đã có dữ liệu; không nạp lại dữ liệu mẫu.")
        self.stdout.write(f"\nTài khoản mẫu (mật khẩu: {DEMO_PASSWORD}):")
        for username, role, unit in logins:
            self.stdout.write(f"  {username:<19} {role} – {unit}")
        if not no_serve:
            self.serve(addrport)

    def serve(self, addrport):
        """The web server, with the task worker and the scheduler beside it (reminders)."""
        background = [
            subprocess.Popen([sys.executable, "-m", "cchc.cli", command, *extra])
            for command, *extra in (("db_worker", "--no-startup-delay"), ("scheduler",))
        ]
        self.stdout.write(f"\nMở http://{addrport}/ trong trình duyệt.\n")
        try:
            call_command("runserver", addrport, use_reloader=False)
        finally:
            for process in background:
                process.terminate()
