"""Vietnamese text helpers (pure, no Django)."""

import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case `text` and strip Vietnamese diacritics, so "Đăng ký" and "dang ky" match.

    "đ"/"Đ" are separate letters in Unicode (not a d with a combining mark), so NFD alone
    does not remove their stroke; they are mapped explicitly.
    """
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
