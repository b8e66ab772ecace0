"""Errors shared by the apps: bad import rows, and a write on a stale revision."""

from dataclasses import dataclass


@dataclass
class RowError:
    """One bad cell of an import file: where it is and why it is refused."""

    file: str
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: dòng {self.row}, cột {self.column}: {self.reason}"


class ImportRefused(Exception):
    """An import file has bad rows; nothing was written."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class StaleWrite(Exception):
    """The record changed since the caller loaded it (its revision moved); nothing was
    written. Each app names its record in `what`."""

    what = "Bản ghi"

    def __init__(self, what: str | None = None):
        super().__init__(
            f"{what or self.what} vừa được người khác cập nhật. Vui lòng tải lại trang và thực "
            "hiện lại."
        )
