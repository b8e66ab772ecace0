import pytest

from cchc.units.models import Role

from .factories import UserFactory, user_with_role, write_procedures_csv


@pytest.fixture
def reform_officer(db):
    return user_with_role(Role.REFORM_OFFICER, username="cchc")


@pytest.fixture
def specialist(db):
    return user_with_role(Role.SPECIALIST, username="chuyenvien")


@pytest.fixture
def no_role_user(db):
    return UserFactory(username="chuacovaitro")


@pytest.fixture
def write_csv(tmp_path):
    """write_csv(rows, name=...) -> path of a procedures CSV with the standard header."""

    def write(rows: list[dict], name: str = "thu_tuc.csv"):
        return write_procedures_csv(tmp_path / name, rows)

    return write
