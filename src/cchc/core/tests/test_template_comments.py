"""Template comments stay out of the pages people read."""

from pathlib import Path

import cchc

SOURCE = Path(cchc.__file__).parent


def test_no_template_has_a_comment_that_django_would_print():
    """As any user I never see a developer's note on a page: Django's {# … #} comment ends on
    its own line, so one spread over several lines is printed as text."""
    printed = [
        f"{path.relative_to(SOURCE)}:{number}"
        for path in sorted(SOURCE.rglob("templates/**/*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "{#" in line and "#}" not in line.split("{#", 1)[1]
    ]
    assert printed == []
