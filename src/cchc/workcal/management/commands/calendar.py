"""`cchc calendar seed YEAR…` and `cchc calendar confirm YEAR --notice REF [--user NAME]`."""

import argparse

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from cchc.workcal import services


class Command(BaseCommand):
    help = "Nạp (chưa xác nhận) hoặc xác nhận lịch làm việc của một hay nhiều năm."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{seed,confirm}")
        seed = sub.add_parser(
            "seed", help="nạp lịch các năm từ thư viện holidays và bảng thông báo"
        )
        seed.add_argument("years", nargs="+", type=_year, metavar="YEAR")
        confirm = sub.add_parser("confirm", help="xác nhận lịch một năm theo thông báo hằng năm")
        confirm.add_argument("year", type=_year, metavar="YEAR")
        confirm.add_argument(
            "--notice", required=True, help='số hiệu văn bản, ví dụ "Thông báo 9441/TB-BNV"'
        )
        confirm.add_argument("--user", help="tên đăng nhập của người xác nhận (quản trị hệ thống)")

    def handle(self, *args, action, **options):
        try:
            if action == "seed":
                for year in options["years"]:
                    self.stdout.write(str(services.seed_year(year)))
            else:
                user = None
                if options.get("user"):
                    user = get_user_model().objects.filter(username=options["user"]).first()
                    if user is None:
                        raise CommandError(f"Không tìm thấy tài khoản '{options['user']}'.")
                record = services.confirm_year(options["year"], user, options["notice"])
                self.stdout.write(f"Đã xác nhận lịch năm {record.year} theo {record.notice_ref}.")
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"Năm '{text}' không hợp lệ.") from None
    if not services.FIRST_YEAR <= year <= services.LAST_YEAR:
        raise argparse.ArgumentTypeError(
            f"Năm {year} không hợp lệ; chỉ nhận từ {services.FIRST_YEAR} đến {services.LAST_YEAR}."
        )
    return year
