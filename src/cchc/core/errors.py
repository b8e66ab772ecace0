"""Errors shared by imports and commands."""

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
