"""How citizens reach their own records without an account. Pure: no Django.

- A returned dossier's rating link carries an unguessable token (`new_token`: 32 URL-safe
  characters, 192 random bits).
- At the kiosk the citizen types the dossier code and a check value: the last four digits of
  the applicant's phone number or identity number (`check_matches`, compared in constant
  time). Wrong code and wrong check get the same answer.
- A feedback item gets a code to follow it, `PA-YYMMDD-XXXXXXXX`: the day received and eight
  random characters from an alphabet without look-alikes (40 bits), so codes cannot be
  enumerated from a known one.
"""

from __future__ import annotations

import hmac
import re
import secrets
from datetime import date

CHECK_LENGTH = 4
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L
CODE_RANDOM_LENGTH = 8
_CODE = re.compile(r"^PA-\d{6}-[" + CODE_ALPHABET + r"]{" + str(CODE_RANDOM_LENGTH) + r"}$")
_SPACES = re.compile(r"\s+")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def new_feedback_code(day: date) -> str:
    suffix = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_RANDOM_LENGTH))
    return f"PA-{day:%y%m%d}-{suffix}"


def normalise_code(text: str) -> str:
    """A code as typed or scanned: spaces dropped, upper case."""
    return _SPACES.sub("", str(text or "")).upper()


def looks_like_feedback_code(text: str) -> bool:
    return bool(_CODE.match(normalise_code(text)))


def digits(text: str) -> str:
    return "".join(ch for ch in str(text or "") if ch.isdigit())


def check_matches(check: str, *numbers: str) -> bool:
    """Does `check` equal the last four digits of one of `numbers` (phone, identity number)?
    Every candidate is compared, in constant time, so the answer takes as long either way."""
    typed = digits(check)
    matched = False
    for number in numbers:
        tail = digits(number)[-CHECK_LENGTH:]
        candidate = tail if len(tail) == CHECK_LENGTH else "\x00" * CHECK_LENGTH
        same = hmac.compare_digest(typed.encode(), candidate.encode())
        matched = matched or (same and len(typed) == CHECK_LENGTH)
    return matched
