"""Benchmark: the public dossier lookup through the production server, against /suc-khoe/.

    .venv/bin/python bench/lookup.py [--n 1000000] [--seconds 30] [--workers 2]
                                     [--connections 16] [--rebuild] [--drop]

The database `cchc_bench_lookup` on the PostgreSQL server of `CCHC_BENCH_PG` (default
postgres://postgres@127.0.0.1:5432/postgres) holds `--n` dossiers. It is kept after the run
and reused by the next one when it was built for the same `--n` and seed (table
`bench_lookup_built`); `--rebuild` builds it again, `--drop` drops it at the end.

Building: migrate, the dossier tests' small world (a district, two communes with their
one-stop desks, a 3-working-day procedure), then in SQL (INSERT … SELECT generate_series,
every value a function of the row number and a fixed seed): `--n` dossiers of the two
communes, 800 a day, with real codes (`H56.30.01-220103-0001`), applicants' phone and ID
numbers, statuses 70 % returned, 5 % resolved, 10 % processing, 3 % received, 3 % awaiting a
supplement, 1 % awaiting payment, 2 % refused, 2 % withdrawn, 2 % stopped, 2 % submitted
online (no code); their history as the services write it (1 to 7 rows a dossier: intake,
start, assignment, hand-over, supplement or payment requests, approval, result, return —
about 5.9 rows a dossier); a portal `OnlineApplication` for the 30 % that came online, and
the feedback app's rating link (`RatingInvitation`) of every returned dossier, as the return
event makes it. The
secondary indexes are dropped for the load and built again, then VACUUM ANALYZE.

Measuring: gunicorn serves the project's WSGI application (`cchc.wsgi:application`,
`--workers` processes of `--threads` threads, the gthread worker for HTTP/1.1 keep-alive)
with production settings (CCHC_DEBUG=0, persistent database connections
CCHC_DB_CONN_MAX_AGE=600, throttling off with CCHC_LOOKUP_RATE=0). A load generator in this
process (asyncio, standard library only, `--connections` keep-alive HTTP/1.1 connections)
first gets the lookup form once for its CSRF cookie and token, then for `--seconds` posts
lookups of valid (code, last 4 phone digits) pairs drawn (seeded) from 20,000 random coded
dossiers, then for `--seconds` gets /suc-khoe/. Each phase has a 3-second warm-up that is not
counted. Every lookup answer must be 200 with the status heading, every health answer 200
"ok"; otherwise the script stops with the failures. Printed: requests/s and p50/p95/p99
latency of both, the last line `ratio=<lookup rps / health rps>` (target ≥ 0.5).

The load generator shares the machine's CPUs with the server, as a same-machine load test
does; `--workers` defaults to the number of CPUs. Not a test.
"""

import argparse
import asyncio
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SRC = os.path.join(ROOT, "src")
sys.path.insert(0, SRC)

PG_SERVER = os.environ.get("CCHC_BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")
PG_DATABASE = "cchc_bench_lookup"
DATABASE_URL = PG_SERVER.rsplit("/", 1)[0] + "/" + PG_DATABASE
SEED = 20261202
PER_DAY = 800  # dossiers a day, both communes together
FIRST_DAY = "2022-01-03"
SAMPLE = 20_000
WARM_UP_SECONDS = 3
BATCH = 250_000
TARGET = 0.5

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cchc.settings",
    "DATABASE_URL": DATABASE_URL,
    "CCHC_DEBUG": "0",
    "CCHC_SECRET_KEY": "bench-only-not-secret",
    "CCHC_SSL_REDIRECT": "0",
    "CCHC_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "CCHC_LOG_LEVEL": "WARNING",
    "CCHC_DB_CONN_MAX_AGE": "600",
    "CCHC_LOOKUP_RATE": "0",
    "CCHC_PUBLIC_URL": "http://127.0.0.1",
}
os.environ.update(PRODUCTION_ENV)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="dossiers in the database")
    parser.add_argument("--seconds", type=float, default=30, help="measured time per endpoint")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument(
        "--worker-class", default="gthread", choices=["gthread", "sync"], help="gunicorn workers"
    )
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections")
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument("--rebuild", action="store_true", help="build the database again")
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    return parser.parse_args(argv)


def pg_admin(sql: str):
    import psycopg

    with psycopg.connect(PG_SERVER, autocommit=True) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchall() if cursor.description else None


# -- the database ------------------------------------------------------------------------------

RANDOM_FUNCTION = f"""
CREATE OR REPLACE FUNCTION bench_r(i bigint, salt int) RETURNS float8
IMMUTABLE PARALLEL SAFE LANGUAGE sql
AS $$ SELECT (hashint8(i * 64 + salt + {SEED}::bigint * 1000003) & 2147483647) / 2147483648.0 $$
"""

# Status mix (cumulative shares) → national status code.
STATUS_CASE = """CASE WHEN r < 0.70 THEN 10 WHEN r < 0.75 THEN 9 WHEN r < 0.85 THEN 4
  WHEN r < 0.88 THEN 2 WHEN r < 0.91 THEN 5 WHEN r < 0.92 THEN 6 WHEN r < 0.94 THEN 3
  WHEN r < 0.96 THEN 7 WHEN r < 0.98 THEN 8 ELSE 1 END"""

# One generated row h: i, u (0/1: the commune), day, number, status, received.
ROWS = f"""
FROM (
  SELECT g.*, {STATUS_CASE} AS status,
    (DATE '{FIRST_DAY}' + g.day) + time '07:30' + (g.number * interval '40 seconds')
      AS received
  FROM (
    SELECT i, (i %% 2)::int AS u, (i / {PER_DAY})::int AS day,
      ((i / 2) %% ({PER_DAY} / 2) + 1)::int AS number, bench_r(i, 1) AS r
    FROM generate_series(%(lo)s::bigint, %(hi)s::bigint) AS i OFFSET 0
  ) g OFFSET 0
) h
"""

# Dossier column → SQL over h; every other column gets its model default.
DOSSIER = {
    "id": "h.i",
    "code": "CASE WHEN h.status IN (1, 3) THEN NULL ELSE (%(identifiers)s::text[])[h.u + 1]"
    " || '-' || to_char(DATE '" + FIRST_DAY + "' + h.day, 'YYMMDD') || '-'"
    " || lpad(h.number::text, 4, '0') END",
    "procedure_id": "%(procedure)s",
    "procedure_version_id": "CASE WHEN h.status IN (1, 3) THEN NULL ELSE %(version)s END",
    "channel": "CASE WHEN bench_r(h.i, 2) < 0.3 OR h.status IN (1, 3) THEN 2 ELSE 1 END",
    "status": "h.status",
    "unit_id": "(%(units)s::bigint[])[h.u + 1]",
    "handling_unit_id": "(%(units)s::bigint[])[h.u + 1]",
    "request": "%(request)s",
    "return_channel": "(ARRAY['desk', 'online', 'post'])[1 + (h.i %% 3)::int]",
    "returned_via": "CASE WHEN h.status = 10 THEN 'desk' ELSE '' END",
    "processing_time": "'3d'",
    "applicant_name": "(ARRAY['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh'])[1 + (h.i %% 5)::int]"
    " || ' Thị Bench ' || h.i",
    "applicant_id_number": "'0841' || lpad(h.i::text, 8, '0')",
    "applicant_phone": "'09' || lpad(((h.i * 7919) %% 100000000)::text, 8, '0')",
    "applicant_address": "'Ấp Bench, xã Phước Hưng'",
    "submitted_at": "h.received - interval '2 hours'",
    "received_at": "CASE WHEN h.status IN (1, 3) THEN NULL ELSE h.received END",
    "due_at": "CASE WHEN h.status IN (1, 3) THEN NULL ELSE h.received + interval '3 days' END",
    "original_due_at": "CASE WHEN h.status IN (1, 3) THEN NULL"
    " ELSE h.received + interval '3 days' END",
    "finished_at": "CASE WHEN h.status IN (3, 7, 8, 9, 10) THEN h.received + interval '2 days' END",
    "returned_at": "CASE WHEN h.status = 10 THEN h.received + interval '2 days 4 hours' END",
    "supplement_used": "h.status = 5",
    "supplement_requested_at": "CASE WHEN h.status = 5 THEN h.received + interval '1 day' END",
    "supplement_deadline": "CASE WHEN h.status = 5 THEN h.received + interval '15 days' END",
    "payment_requested_at": "CASE WHEN h.status = 6 THEN h.received + interval '1 day' END",
    "end_reason": "CASE WHEN h.status IN (3, 7, 8) THEN 'Bench' ELSE '' END",
    "created_at": "h.received - interval '2 hours'",
    "updated_at": "h.received",
}

# The history the services write for each final status: (order, action, from, to).
HISTORY = {
    1: [("submit", None, 1)],
    2: [("receive", None, 2)],
    3: [("submit", None, 1), ("refuse_intake", 1, 3)],
    4: [("receive", None, 2), ("start", 2, 4), ("assign", 4, 4), ("forward", 4, 4)],
    5: [("receive", None, 2), ("start", 2, 4), ("assign", 4, 4), ("request_supplement", 4, 5)],
    6: [("receive", None, 2), ("start", 2, 4), ("request_payment", 4, 6)],
    7: [("receive", None, 2), ("withdraw", 2, 7)],
    8: [("receive", None, 2), ("start", 2, 4), ("stop", 4, 8)],
    9: [
        ("receive", None, 2),
        ("start", 2, 4),
        ("assign", 4, 4),
        ("forward", 4, 4),
        ("approve", 4, 4),
        ("result_ready", 4, 9),
    ],
}
HISTORY[10] = [*HISTORY[9], ("return", 9, 10)]

NOTES = {
    "request_supplement": "Bản sao giấy chứng nhận kết hôn",
    "stop": "Bench",
    "withdraw": "Bench",
}


def history_values() -> str:
    rows = []
    for status, steps in HISTORY.items():
        for order, (action, before, after) in enumerate(steps, start=1):
            note = NOTES.get(action, "")
            rows.append(
                f"({status}, {order}, '{action}', {'NULL' if before is None else before}, "
                f"{after}, '{note}')"
            )
    return ",\n      ".join(rows)


HISTORY_INSERT = f"""
INSERT INTO dossiers_historyentry (dossier_id, at, actor_id, actor_unit_id, action,
  from_status, to_status, note, step_id, step_result, giver_user_id, giver_unit_id,
  receiver_user_id, receiver_unit_id, receiver_office_id)
SELECT d.id, coalesce(d.received_at, d.submitted_at) + (s.k - 1) * interval '5 hours',
  CASE WHEN s.action = 'submit' THEN NULL ELSE %(desk)s END, d.unit_id, s.action,
  s.before, s.after, s.note, NULL, '', NULL, NULL, NULL, NULL, NULL
FROM dossiers_dossier d
JOIN (VALUES
      {history_values()}
) AS s(status, k, action, before, after, note) ON s.status = d.status
WHERE d.id BETWEEN %(lo)s AND %(hi)s
ORDER BY d.id, s.k
"""

APPLICATIONS_INSERT = """
INSERT INTO portal_onlineapplication (dossier_id, reference, token, email, phone,
  notify_channel, postal_address, created_at)
SELECT d.id, 'DVC-' || substr(lpad(d.id::text, 12, '0'), 1, 4) || '-'
    || substr(lpad(d.id::text, 12, '0'), 5, 4) || '-' || substr(lpad(d.id::text, 12, '0'), 9, 4),
  'bench-' || d.id, '', d.applicant_phone, 'sms', '', d.submitted_at
FROM dossiers_dossier d
WHERE d.id BETWEEN %(lo)s AND %(hi)s AND d.channel = 2
"""

# The rating links the feedback app makes when a dossier is returned (when it has them).
INVITATIONS_INSERT = """
INSERT INTO {table} (dossier_id, token, created_at)
SELECT d.id, md5(d.id::text || '{seed}'), d.returned_at
FROM dossiers_dossier d WHERE d.id BETWEEN %(lo)s AND %(hi)s AND d.status = 10
"""


def invitations_sql() -> str | None:
    try:
        from cchc.feedback.models import RatingInvitation
    except ImportError:
        return None
    return INVITATIONS_INSERT.format(table=RatingInvitation._meta.db_table, seed=SEED)


TABLES = ("dossiers_dossier", "dossiers_historyentry", "portal_onlineapplication")
SECONDARY_INDEXES = """
SELECT indexname, indexdef FROM pg_indexes
WHERE schemaname = current_schema() AND tablename = ANY(%s)
  AND indexname NOT IN (SELECT conname FROM pg_constraint)
"""
CHECKS = [
    "SELECT count(*) FROM dossiers_historyentry h"
    " WHERE NOT EXISTS (SELECT 1 FROM dossiers_dossier d WHERE d.id = h.dossier_id)",
    "SELECT count(*) FROM portal_onlineapplication a"
    " WHERE NOT EXISTS (SELECT 1 FROM dossiers_dossier d WHERE d.id = a.dossier_id)",
    "SELECT count(*) - count(DISTINCT code) FROM dossiers_dossier WHERE code IS NOT NULL",
]


def sql_default(field) -> str:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return "now()"
    if field.has_default():
        value = field.get_default()
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, str):
            return "'" + value.replace("'", "''") + "'"
    if field.null:
        return "NULL"
    if field.empty_strings_allowed:
        return "''"
    raise ValueError(f"no value for Dossier.{field.name}")


def dossier_insert_sql() -> str:
    from cchc.dossiers.models import Dossier

    columns, values = [], []
    for field in Dossier._meta.concrete_fields:
        columns.append(f'"{field.column}"')
        values.append(DOSSIER.get(field.column) or sql_default(field))
    return f"INSERT INTO dossiers_dossier ({', '.join(columns)})\nSELECT {', '.join(values)}" + ROWS


def built_for(n: int) -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_lookup_built')")
        if cursor.fetchone()[0] is None:
            return False
        cursor.execute("SELECT n, seed FROM bench_lookup_built")
        return cursor.fetchone() == (n, SEED)


def build(n: int) -> None:
    """The world through the ORM, the rows in SQL (see the module docstring)."""
    from django.db import connection, transaction

    from cchc.catalog.models import OnlineMode
    from cchc.dossiers.tests.factories import build_world
    from cchc.workcal import services as workcal

    for year in range(2022, 2028):
        workcal.seed_year(year)
    w = build_world()
    w.procedure.name = "Đăng ký khai sinh"
    w.procedure.online_mode = OnlineMode.FULL
    w.procedure.save()
    params = {
        "units": [w.commune.pk, w.sibling.pk],
        "identifiers": [w.commune.identifier, w.sibling.identifier],
        "procedure": w.procedure.pk,
        "version": w.procedure.versions.get().pk,
        "request": w.procedure.name,
        "desk": w.desk.pk,
    }
    insert = dossier_insert_sql()
    invitations = invitations_sql()
    with connection.cursor() as cursor:
        cursor.execute(RANDOM_FUNCTION)
        cursor.execute(SECONDARY_INDEXES, [list(TABLES)])
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    began = time.perf_counter()
    for lo in range(1, n + 1, BATCH):
        batch = dict(params, lo=lo, hi=min(n, lo + BATCH - 1))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(insert, batch)
            cursor.execute(HISTORY_INSERT, batch)
            cursor.execute(APPLICATIONS_INSERT, batch)
            if invitations:
                cursor.execute(invitations, batch)
        print(f"  rows 1..{batch['hi']:,}: {time.perf_counter() - began:.0f} s", flush=True)
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            cursor.execute(definition)
        cursor.execute("RESET maintenance_work_mem")
        for check in CHECKS:
            cursor.execute(check)
            assert cursor.fetchone()[0] == 0, check
        for table in TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
            )
            cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute("CREATE TABLE bench_lookup_built (n bigint, seed bigint)")
        cursor.execute("INSERT INTO bench_lookup_built VALUES (%s, %s)", [n, SEED])
    print(f"  {len(indexes)} indexes, checks, VACUUM ANALYZE: {time.perf_counter() - began:.0f} s")


def prepare(args) -> list[tuple[str, str]]:
    """The database (built or reused) and the (code, check value) pairs to look up."""
    exists = pg_admin(f"SELECT 1 FROM pg_database WHERE datname = '{PG_DATABASE}'")
    if args.rebuild or not exists:
        pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        pg_admin(f"CREATE DATABASE {PG_DATABASE}")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    if built_for(args.n):
        print(f"reusing {PG_DATABASE}: {args.n:,} dossiers (built earlier; --rebuild to redo)")
    else:
        if exists and not args.rebuild:
            connection.close()
            pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            pg_admin(f"CREATE DATABASE {PG_DATABASE}")
            call_command("migrate", verbosity=0)
        print(f"building {PG_DATABASE}: {args.n:,} dossiers")
        began = time.perf_counter()
        build(args.n)
        print(f"  built in {time.perf_counter() - began:.0f} s")
    ids = random.Random(SEED).sample(range(1, args.n + 1), min(args.n, SAMPLE * 2))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT code, right(applicant_phone, 4), status FROM dossiers_dossier"
            " WHERE id = ANY(%s) AND code IS NOT NULL ORDER BY id",
            [ids],
        )
        rows = cursor.fetchall()[:SAMPLE]
        cursor.execute("SELECT count(*) FROM dossiers_historyentry")
        history = cursor.fetchone()[0]
    mix = {}
    for _code, _check, status in rows:
        mix[status] = mix.get(status, 0) + 1
    print(
        f"{args.n:,} dossiers, {history:,} history rows; {len(rows):,} lookup pairs, statuses "
        + ", ".join(f"{s}: {c:,}" for s, c in sorted(mix.items()))
    )
    connection.close()
    return [(code, check) for code, check, _status in rows]


# -- the server --------------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(args) -> subprocess.Popen:
    args.port = args.port or free_port()
    env = {**os.environ, **PRODUCTION_ENV}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (env.get("PYTHONPATH"), SRC) if p)
    command = [
        os.path.join(os.path.dirname(sys.executable), "gunicorn"),
        "cchc.wsgi:application",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        args.worker_class,
        "--threads",
        str(args.threads),
        "--keep-alive",
        "30",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, env=env, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            status, _headers, _body = asyncio.run(one_request(args.port, "GET", "/suc-khoe/"))
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    stop_server(server)
    raise SystemExit("gunicorn did not answer /suc-khoe/ within 30 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


# -- the load generator ------------------------------------------------------------------------


class Connection:
    """One HTTP/1.1 keep-alive connection (reopened when the server closes it)."""

    def __init__(self, port: int):
        self.port = port
        self.reader = self.writer = None

    async def request(self, raw: bytes) -> tuple[int, dict, bytes]:
        for attempt in (1, 2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            try:
                self.writer.write(raw)
                return await self._response()
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _response(self) -> tuple[int, dict, bytes]:
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers.setdefault(name.strip().lower(), []).append(value.strip())
        length = int(headers.get("content-length", ["0"])[0])
        body = await self.reader.readexactly(length) if length else b""
        if "close" in ",".join(headers.get("connection", [])).lower():
            self.close()
        return status, headers, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def raw_request(method: str, path: str, body: bytes = b"", cookie: str = "") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: keep-alive"]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    if method == "POST":
        lines.append("Content-Type: application/x-www-form-urlencoded")
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def one_request(port: int, method: str, path: str, body=b"", cookie=""):
    connection = Connection(port)
    try:
        return await connection.request(raw_request(method, path, body, cookie))
    finally:
        connection.close()


async def csrf(port: int) -> tuple[str, str]:
    """The CSRF cookie and form token a browser gets with the lookup form."""
    status, headers, body = await one_request(port, "GET", "/dvc/tra-cuu/")
    assert status == 200, status
    cookie = next(c.split(";")[0] for c in headers["set-cookie"] if c.startswith("csrftoken="))
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    return cookie, token


async def drive(port, connections, seconds, make_request, check) -> dict:
    """`connections` loops of request → response for warm-up + `seconds`; latencies of the
    measured part."""
    latencies: list[float] = []
    failures: list[str] = []
    counted = {"done": 0}
    loop = asyncio.get_running_loop()
    start = loop.time()
    measure_from = start + WARM_UP_SECONDS
    stop_at = measure_from + seconds

    async def worker(number: int):
        connection = Connection(port)
        sequence = number
        try:
            while True:
                began = loop.time()
                if began >= stop_at:
                    return
                status, _headers, body = await connection.request(make_request(sequence))
                ended = loop.time()
                sequence += connections
                problem = check(status, body)
                if problem and len(failures) < 5:
                    failures.append(problem)
                if began >= measure_from and ended <= stop_at:
                    latencies.append(ended - began)
                    counted["done"] += 1
        finally:
            connection.close()

    await asyncio.gather(*(worker(n) for n in range(connections)))
    if failures:
        raise SystemExit("failed answers:\n" + "\n".join(failures))
    latencies.sort()

    def percentile(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {
        "requests": counted["done"],
        "rps": counted["done"] / seconds,
        "p50": percentile(0.50),
        "p95": percentile(0.95),
        "p99": percentile(0.99),
        "mean": statistics.fmean(latencies) * 1000,
    }


async def measure(args, pairs) -> dict:
    cookie, token = await csrf(args.port)
    bodies = [
        urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "ma_ho_so": code, "so_kiem_tra": check}
        ).encode()
        for code, check in pairs
    ]
    lookups = [raw_request("POST", "/dvc/tra-cuu/", body, cookie) for body in bodies]
    health = raw_request("GET", "/suc-khoe/")

    def lookup_ok(status, body):
        if status != 200 or b"T\xc3\xacnh tr\xe1\xba\xa1ng:" not in body:  # "Tình trạng:"
            return f"lookup answered {status}: {body[-300:]!r}"
        return None

    def health_ok(status, body):
        return None if status == 200 and body == b"ok" else f"health answered {status}"

    results = {}
    for name, make, check in (
        ("lookup", lambda i: lookups[i % len(lookups)], lookup_ok),
        ("health", lambda i: health, health_ok),
    ):
        results[name] = await drive(args.port, args.connections, args.seconds, make, check)
        r = results[name]
        print(
            f"{name:<7} {r['requests']:>7,} requests in {args.seconds:.0f} s: "
            f"{r['rps']:8.1f} requests/s, p50 {r['p50']:6.1f} ms, p95 {r['p95']:6.1f} ms, "
            f"p99 {r['p99']:6.1f} ms",
            flush=True,
        )
    return results


def main(argv=None) -> None:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    pairs = prepare(args)
    random.Random(SEED + 1).shuffle(pairs)
    print(
        f"gunicorn cchc.wsgi:application: {args.workers} workers × {args.threads} threads "
        f"({args.worker_class}); load generator: {args.connections} keep-alive connections; "
        f"{os.cpu_count()} CPUs shared; {args.seconds:.0f} s per endpoint after "
        f"{WARM_UP_SECONDS} s warm-up",
        flush=True,
    )
    server = start_server(args)
    try:
        results = asyncio.run(measure(args, pairs))
    finally:
        stop_server(server)
        if args.drop:
            pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
    ratio = results["lookup"]["rps"] / results["health"]["rps"]
    print(f"target ratio ≥ {TARGET}")
    print(f"ratio={ratio:.2f}")


if __name__ == "__main__":
    main()
