"""Benchmark: dossiers accepted at the desk through the service layer, SQLite and PostgreSQL.

    .venv/bin/python bench/intake.py [--n 10000] [--backend sqlite|postgres|both]

Each backend runs in its own process on a throwaway database (a temporary SQLite file; a
PostgreSQL database `cchc_bench_intake` created and dropped, server from `CCHC_BENCH_PG`,
default postgres://postgres@127.0.0.1:5432/postgres): migrate, seed the 2026–2027
calendar, build the small world of the dossier tests (a commune with its one-stop desk and
a 3-working-day procedure with the standard four-step workflow), then call
`services.accept_at_desk` `--n` times, one transaction each: code, due time, components,
planned steps, history. Receipt times step 2 minutes from Monday 02/03/2026 08:00 (fixed,
so the run is reproducible). 100 warm-up dossiers (calendar cache, connection) are not
timed. The last line is `dossiers_per_second sqlite=<…> postgres=<…>`.
Not a test: there is no target, the figure is for comparing changes on one machine.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "..", "src")
PG_SERVER = os.environ.get("CCHC_BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")
PG_DATABASE = "cchc_bench_intake"
WARM_UP = 100


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="dossiers to accept (timed)")
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_SERVER, autocommit=True) as conn:
        conn.execute(sql)


def pg_url(database: str) -> str:
    return PG_SERVER.rsplit("/", 1)[0] + "/" + database


def run_backend(backend: str, n: int) -> float:
    """Run one backend in a fresh process (settings read DATABASE_URL once); its rate."""
    tmp = tempfile.mkdtemp(prefix="cchc-bench-intake-")
    env = dict(os.environ, CCHC_VAR_DIR=tmp, CCHC_LOG_LEVEL="ERROR")
    env["DJANGO_SETTINGS_MODULE"] = "cchc.settings"
    if backend == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{os.path.join(tmp, 'bench.sqlite3')}"
    else:
        pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        pg_admin(f"CREATE DATABASE {PG_DATABASE}")
        env["DATABASE_URL"] = pg_url(PG_DATABASE)
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--child", backend, "--n", str(n)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    except subprocess.CalledProcessError as error:
        sys.stderr.write(error.stdout + error.stderr)
        raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if backend == "postgres":
            pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
    sys.stdout.write(out)
    return float(out.strip().splitlines()[-1].split("=", 1)[1])


def child(backend: str, n: int) -> None:
    sys.path.insert(0, SRC)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils.timezone import localtime

    # Nine accounts: the real password hasher would dominate the set-up.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)

    from cchc.dossiers.models import Dossier, DossierStep, HistoryEntry
    from cchc.dossiers.tests.factories import T0, accept, applicant, build_world
    from cchc.workcal import services as workcal

    workcal.seed_year(2026)
    workcal.seed_year(2027)
    world = build_world()

    def accept_number(i: int):
        who = applicant(name=f"Nguyễn Văn Bench {i}", id_number=f"0841{i:08d}")
        return accept(world, at=T0 + timedelta(minutes=2 * i), applicant=who)

    for i in range(WARM_UP):
        accept_number(i)
    with CaptureQueriesContext(connection) as queries:
        accept_number(WARM_UP)
    began = time.perf_counter()
    for i in range(WARM_UP + 1, WARM_UP + 1 + n):
        accept_number(i)
    elapsed = time.perf_counter() - began

    total = WARM_UP + 1 + n
    assert Dossier.objects.count() == total
    assert Dossier.objects.filter(code__isnull=True).count() == 0
    assert DossierStep.objects.count() == 4 * total
    assert HistoryEntry.objects.count() == total
    last = Dossier.objects.order_by("-id").first()
    vendor = f"{connection.vendor} {connection.Database.__name__}"
    print(f"{backend} ({vendor}): {n:,} dossiers accepted in {elapsed:.2f} s")
    print(f"  {elapsed / n * 1000:.2f} ms per dossier, {len(queries)} SQL statements each")
    received, due = localtime(last.received_at), localtime(last.due_at)
    print(f"  last: {last.code}, received {received:%H:%M %d/%m/%Y}, due {due:%H:%M %d/%m/%Y}")
    print(f"rate={n / elapsed:.1f}")


def main(argv=None) -> None:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.child:
        child(args.child, args.n)
        return
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    print(f"accept_at_desk × {args.n:,} per backend ({os.cpu_count()} CPUs)")
    rates = {backend: run_backend(backend, args.n) for backend in backends}
    print("dossiers_per_second " + " ".join(f"{b}={r:.0f}" for b, r in rates.items()))


if __name__ == "__main__":
    main()
