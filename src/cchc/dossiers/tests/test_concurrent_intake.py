"""Dossier codes are never duplicated, even when several desks accept at the same second."""

import threading

import pytest
from django.db import connection, connections

from cchc.workcal import services as workcal

from ..models import Dossier
from .factories import T0, accept, build_world


@pytest.mark.django_db
def test_sequential_intake_gives_distinct_consecutive_codes(world):
    """As a busy desk, twenty dossiers accepted in the same minute get 0001 … 0020."""
    codes = [accept(world, at=T0).code for _ in range(20)]
    assert codes == [f"H56.30.01-260302-{n:04d}" for n in range(1, 21)]


@pytest.mark.django_db(transaction=True)
def test_parallel_intake_on_postgresql_gives_no_duplicate_codes():
    """As four desks accepting at the same second, our dossiers still get distinct codes."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers (IMMEDIATE transactions); row locks need PostgreSQL")
    workcal.seed_year(2026)
    world = build_world()
    errors, barrier = [], threading.Barrier(4)

    def desk():
        try:
            barrier.wait()
            for _ in range(5):
                accept(world, at=T0)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=desk) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    codes = sorted(Dossier.objects.values_list("code", flat=True))
    assert codes == [f"H56.30.01-260302-{n:04d}" for n in range(1, 21)]
