"""Benchmark: the overdue and office queue pages at 10,000 and at 1,000,000 dossiers (PostgreSQL).

    .venv/bin/python bench/queues.py [--n 1000000] [--small 10000] [--repeat 10] [--explain] [--keep]

A throwaway PostgreSQL database `cchc_bench_queues` (server from `CCHC_BENCH_PG`, default
postgres://postgres@127.0.0.1:5432/postgres) is created, migrated and dropped at the end.
The world: a district with ten communes, each with its one-stop desk (two officers), its
specialist office (two specialists) and a leader; the user is the head of the specialist
office of the first commune (Lãnh đạo phòng, with that office).

Dossiers are generated in SQL (INSERT … SELECT generate_series), every field a function of
the row number and a fixed seed, so the first 10,000 rows are the same in both sizes: ten
communes alike; statuses 62% returned, 4% resolved, 12% processing, 5% received, 3% awaiting
a supplement, 1% awaiting payment, 3% submitted online, 4% refused, 3% withdrawn, 3% stopped;
open dossiers received in the last 30 days with 5–25 days to go (so about half are
overdue), finished ones spread over two years; four workflow step rows per accepted dossier
(desk → specialist office → leader → desk), the current one started and mostly assigned,
2% of second steps at a partner department (inter-agency). History and components are not
generated: the queue pages do not read them.

Measured "server side, first page": Django's test client, logged in, GET the queue page
(`?hang=overdue`, `?hang=office`), the full view: the six queue badges (`queue_counts`), the
first page of 50 rows, the template. Best of `--repeat` after 3 warm-up requests, at
`--small` dossiers, then the same database grown to `--n`, VACUUM ANALYZE after each load.
The last line is `ratio=<max over the pages of time at n / time at small>`; the target is
≤ 1.5 (design.md: deadline snapshots, indexes, no exact count over the biggest table).
`--explain` prints each page's SQL with its time and EXPLAIN ANALYZE of the slowest ones.
Not a test.
"""

import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "src"))

PG_SERVER = os.environ.get("CCHC_BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")
PG_DATABASE = "cchc_bench_queues"
SEED = 20260821
COMMUNES = 10
BATCH = 200_000
PAGES = {"overdue": "?hang=overdue", "office": "?hang=office"}
WARM_UP = 3

os.environ.update(
    DJANGO_SETTINGS_MODULE="cchc.settings",
    DATABASE_URL=PG_SERVER.rsplit("/", 1)[0] + "/" + PG_DATABASE,
    # Production-like request handling (no debug cursor, no debug pages).
    CCHC_DEBUG="0",
    CCHC_SECRET_KEY="bench-only-not-secret",
    CCHC_SSL_REDIRECT="0",
    CCHC_ALLOWED_HOSTS="testserver",
    CCHC_LOG_LEVEL="ERROR",
)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="dossiers, big size")
    parser.add_argument("--small", type=int, default=10_000, help="dossiers, small size")
    parser.add_argument("--repeat", type=int, default=10, help="timed requests per page")
    parser.add_argument("--explain", action="store_true", help="print SQL and plans")
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    return parser.parse_args(argv)


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_SERVER, autocommit=True) as conn:
        conn.execute(sql)


# -- the world -----------------------------------------------------------------------------


def build_world():
    """Ten communes with offices and staff; the user heads the first one's specialist office."""
    from types import SimpleNamespace

    from cchc.dossiers.tests.factories import build_world as small_world
    from cchc.dossiers.tests.factories import user_with
    from cchc.units.models import Office, OfficeKind, Role
    from cchc.units.tests.factories import UnitFactory

    w = small_world()
    communes = [w.commune, w.sibling]
    for n in range(3, COMMUNES + 1):
        communes.append(
            UnitFactory(
                code=f"XA{n:02d}",
                name=f"UBND xã Bench {n}",
                parent=w.district,
                identifier=f"H56.30.{n:02d}",
            )
        )
    desk_offices, spec_offices, desks, specialists, leaders = [], [], [], [], []
    for unit in communes:
        if unit == w.commune:
            desk, spec = w.desk_office, w.spec_office
            unit_desks = [w.desk, user_with([Role.ONE_STOP_OFFICER], unit, desk)]
            unit_specialists = [w.specialist, user_with([Role.SPECIALIST], unit, spec)]
            leader = w.leader
        else:
            desk = Office.objects.create(
                unit=unit, code="MC", name="Bộ phận Một cửa", kind=OfficeKind.ONE_STOP
            )
            spec = Office.objects.create(
                unit=unit, code="TP", name="Công chức Tư pháp", kind=OfficeKind.SPECIALIST
            )
            unit_desks = [user_with([Role.ONE_STOP_OFFICER], unit, desk) for _ in range(2)]
            unit_specialists = [user_with([Role.SPECIALIST], unit, spec) for _ in range(2)]
            leader = user_with([Role.UNIT_LEADER], unit)
        desk_offices.append(desk.pk)
        spec_offices.append(spec.pk)
        desks += [u.pk for u in unit_desks]
        specialists += [u.pk for u in unit_specialists]
        leaders.append(leader.pk)
    page_user = user_with([Role.OFFICE_HEAD], w.commune, w.spec_office, username="truongphong.tp")
    version = w.procedure.versions.get()
    return SimpleNamespace(
        page_user=page_user,
        params={
            "units": [u.pk for u in communes],
            "district": w.district.pk,
            "partner": w.partner.pk,
            "desk_offices": desk_offices,
            "spec_offices": spec_offices,
            "desks": desks,
            "specialists": specialists,
            "leaders": leaders,
            "procedure": w.procedure.pk,
            "version": version.pk,
            "request": w.procedure.name,
            "processing_time": version.processing_time,
            "nu": len(communes),
        },
    )


# -- the dossiers, in SQL ------------------------------------------------------------------

RANDOM_FUNCTION = f"""
CREATE OR REPLACE FUNCTION bench_r(i bigint, salt int) RETURNS float8
IMMUTABLE PARALLEL SAFE LANGUAGE sql
AS $$ SELECT (hashint8(i * 64 + salt + {SEED}::bigint * 1000003) & 2147483647) / 2147483648.0 $$
"""

# Column -> SQL expression over h (one generated row); every other column gets its default.
DOSSIER_EXPRESSIONS = {
    "id": "h.i",
    "code": "CASE WHEN h.status IN (1, 3) THEN NULL ELSE 'BENCH-' || lpad(h.i::text, 7, '0') END",
    "procedure_id": "%(procedure)s",
    "procedure_version_id": "CASE WHEN h.status IN (1, 3) THEN NULL ELSE %(version)s END",
    "channel": "CASE WHEN h.rc < 0.3 THEN 2 ELSE 1 END",
    "status": "h.status",
    "unit_id": "(%(units)s::bigint[])[h.u]",
    "handling_unit_id": "CASE WHEN h.rv < 0.05 THEN %(district)s ELSE (%(units)s::bigint[])[h.u] END",
    "request": "%(request)s",
    "processing_time": "%(processing_time)s",
    "applicant_name": "'Nguyễn Văn ' || h.i",
    "applicant_id_number": "'0841' || lpad(h.i::text, 8, '0')",
    "submitted_at": "coalesce(h.received_at, h.submitted_at)",
    "received_at": "h.received_at",
    "due_at": "h.due_at",
    "original_due_at": "h.due_at",
    "finished_at": "h.finished_at",
    "returned_at": "CASE WHEN h.status = 10 THEN h.finished_at + interval '1 day' END",
    "supplement_requested_at": "CASE WHEN h.status = 5 THEN h.received_at + (%(now)s - h.received_at) / 2 END",
    "supplement_used": "h.status = 5",
    "payment_requested_at": "CASE WHEN h.status = 6 THEN h.received_at + (%(now)s - h.received_at) / 2 END",
    "returned_via": "CASE WHEN h.status = 10 THEN 'desk' ELSE '' END",
    "end_reason": "CASE WHEN h.status IN (3, 7, 8) THEN 'Bench' ELSE '' END",
    "current_step_id": "CASE WHEN h.step IS NULL THEN NULL ELSE (h.i - 1) * 4 + h.step END",
    # The current step's office, as STEPS gives it (checked in FOREIGN_KEY_CHECKS).
    "current_office_id": "CASE WHEN h.step IN (1, 4) THEN (%(desk_offices)s::bigint[])[h.u]"
    " WHEN h.step = 2 AND bench_r(h.i, 10) >= 0.02 AND h.rv >= 0.05"
    " THEN (%(spec_offices)s::bigint[])[h.u] END",
    "created_at": "coalesce(h.received_at, h.submitted_at)",
    "updated_at": "coalesce(h.finished_at, h.received_at, h.submitted_at)",
}

# Each level computed once per row ("OFFSET 0" keeps the planner from inlining the levels).
DOSSIER_ROWS = """
FROM (
  SELECT g.*,
    CASE WHEN g.status IN (1, 3) THEN NULL
         WHEN g.status IN (2, 4, 5, 6) THEN %(now)s - g.rd * interval '30 days'
         ELSE %(now)s - interval '30 days' - g.rd * interval '700 days' END AS received_at,
    %(now)s - g.rd * interval '3 days' AS submitted_at,
    CASE WHEN g.status IN (1, 3) THEN NULL
         WHEN g.status IN (2, 4, 5, 6) THEN %(now)s - g.rd * interval '30 days'
         ELSE %(now)s - interval '30 days' - g.rd * interval '700 days' END
      + (5 + g.rt * 20) * interval '1 day' AS due_at,
    CASE WHEN g.status IN (7, 8, 9, 10)
         THEN %(now)s - interval '30 days' - g.rd * interval '700 days'
              + g.rf * 1.2 * (5 + g.rt * 20) * interval '1 day'
         WHEN g.status = 3 THEN %(now)s - g.rd * interval '3 days' + interval '4 hours' END
      AS finished_at,
    CASE g.status WHEN 2 THEN 1 WHEN 4 THEN (CASE WHEN g.ra < 0.7 THEN 2 ELSE 3 END)
         WHEN 5 THEN 2 WHEN 6 THEN 2 WHEN 7 THEN 1 WHEN 8 THEN 2 WHEN 9 THEN 4 WHEN 10 THEN 4
    END AS step
  FROM (
    SELECT f.*,
      CASE WHEN f.rs < 0.62 THEN 10 WHEN f.rs < 0.66 THEN 9 WHEN f.rs < 0.78 THEN 4
           WHEN f.rs < 0.83 THEN 2 WHEN f.rs < 0.86 THEN 5 WHEN f.rs < 0.87 THEN 6
           WHEN f.rs < 0.90 THEN 1 WHEN f.rs < 0.94 THEN 3 WHEN f.rs < 0.97 THEN 7 ELSE 8
      END AS status
    FROM (
      SELECT i, 1 + floor(bench_r(i, 1) * %(nu)s)::int AS u,
        bench_r(i, 2) AS rs, bench_r(i, 3) AS rd, bench_r(i, 4) AS rt, bench_r(i, 5) AS rf,
        bench_r(i, 6) AS ra, bench_r(i, 7) AS rc, bench_r(i, 8) AS rv
      FROM generate_series(%(lo)s::bigint, %(hi)s::bigint) AS i OFFSET 0
    ) f OFFSET 0
  ) g OFFSET 0
) h
"""

# Steps of the accepted dossiers lo..hi: ids (dossier - 1) * 4 + order, as current_step_id says.
STEPS = """
INSERT INTO dossiers_dossierstep (id, dossier_id, "order", name, office_kind, unit_id,
  office_id, assignee_id, budget, inter_agency, started_at, due_at, finished_at, result)
SELECT s.id, s.dossier_id, s.k, s.name, s.kind, s.unit_id, s.office_id, s.assignee_id,
  s.budget, s.inter_agency, s.started_at, s.started_at + interval '1 day', s.finished_at,
  CASE WHEN s.finished_at IS NULL THEN '' ELSE 'on_time' END
FROM (
  SELECT (d.id - 1) * 4 + k AS id, d.id AS dossier_id, k,
    (ARRAY['Tiếp nhận, kiểm tra và chuyển hồ sơ', 'Thẩm định hồ sơ, dự thảo kết quả',
           'Phê duyệt, ký kết quả', 'Vào sổ, đóng dấu và trả kết quả'])[k] AS name,
    (ARRAY['one_stop', 'specialist', 'leadership', 'one_stop'])[k] AS kind,
    (ARRAY['0.5d', '1.5d', '0.5d', '0.5d'])[k] AS budget,
    CASE WHEN k IN (1, 4) THEN d.unit_id WHEN k = 2 AND p.partner THEN %(partner)s
         ELSE d.handling_unit_id END AS unit_id,
    CASE WHEN k IN (1, 4) THEN (%(desk_offices)s::bigint[])[p.u]
         WHEN k = 2 AND NOT p.partner AND d.handling_unit_id = d.unit_id
         THEN (%(spec_offices)s::bigint[])[p.u] END AS office_id,
    CASE WHEN k > p.cur THEN NULL
         WHEN k IN (1, 4) THEN (%(desks)s::bigint[])[2 * p.u - 1 + (d.id %% 2)::int]
         WHEN k = 2 AND p.partner THEN NULL
         WHEN k = 2 AND k = p.cur AND bench_r(d.id, 9) < 0.3 THEN NULL
         WHEN k = 2 THEN (%(specialists)s::bigint[])[2 * p.u - 1 + (d.id %% 2)::int]
         ELSE (%(leaders)s::bigint[])[p.u] END AS assignee_id,
    k = 2 AND p.partner AS inter_agency,
    CASE WHEN k <= p.cur THEN d.received_at + (k - 1) * interval '6 hours' END AS started_at,
    CASE WHEN k < p.cur OR (k = p.cur AND d.status IN (7, 8, 10))
         THEN d.received_at + (k - 1) * interval '6 hours' + interval '4 hours' END
      AS finished_at
  FROM dossiers_dossier d
  CROSS JOIN LATERAL (
    SELECT 1 + floor(bench_r(d.id, 1) * %(nu)s)::int AS u,
      (d.current_step_id - (d.id - 1) * 4)::int AS cur,
      bench_r(d.id, 10) < 0.02 AS partner
  ) p
  CROSS JOIN generate_series(1, 4) AS k
  WHERE d.id BETWEEN %(lo)s AND %(hi)s AND d.current_step_id IS NOT NULL
) s
"""

TABLES = ("dossiers_dossier", "dossiers_dossierstep")
SECONDARY_INDEXES = """
SELECT indexname, indexdef FROM pg_indexes
WHERE schemaname = current_schema() AND tablename IN ('dossiers_dossier', 'dossiers_dossierstep')
  AND indexname NOT IN (SELECT conname FROM pg_constraint)
"""

# Every foreign key the generator writes points to an existing row (one query each, not
# one trigger per row): steps → dossier, unit, office, assignee; dossier → current step, units;
# and the dossier's current office is its current step's office.
FOREIGN_KEY_CHECKS = [
    """SELECT count(*) FROM dossiers_dossierstep s WHERE s.dossier_id BETWEEN %(lo)s AND %(hi)s
       AND (NOT EXISTS (SELECT 1 FROM dossiers_dossier d WHERE d.id = s.dossier_id)
         OR NOT EXISTS (SELECT 1 FROM units_unit u WHERE u.id = s.unit_id)
         OR (s.office_id IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM units_office o WHERE o.id = s.office_id))
         OR (s.assignee_id IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM units_user u WHERE u.id = s.assignee_id)))""",
    """SELECT count(*) FROM dossiers_dossier d WHERE d.id BETWEEN %(lo)s AND %(hi)s
       AND ((d.current_step_id IS NOT NULL AND NOT EXISTS
              (SELECT 1 FROM dossiers_dossierstep s
               WHERE s.id = d.current_step_id AND s.dossier_id = d.id))
         OR d.current_office_id IS DISTINCT FROM
              (SELECT s.office_id FROM dossiers_dossierstep s WHERE s.id = d.current_step_id)
         OR NOT EXISTS (SELECT 1 FROM units_unit u WHERE u.id = d.unit_id)
         OR NOT EXISTS (SELECT 1 FROM units_unit u WHERE u.id = d.handling_unit_id)
         OR NOT EXISTS (SELECT 1 FROM catalog_procedure p WHERE p.id = d.procedure_id))""",
]


def sql_default(field):
    """An SQL literal for a column the generator does not set (the model's default)."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return "%(now)s"
    if field.has_default():
        value = field.get_default()
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, str):
            return "'" + value.replace("'", "''") + "'"
        if isinstance(value, (list, dict)):
            return "'" + str(value).replace("'", '"') + "'"
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
        values.append(DOSSIER_EXPRESSIONS.get(field.column) or sql_default(field))
    return (
        f"INSERT INTO dossiers_dossier ({', '.join(columns)})\nSELECT {', '.join(values)}"
        + DOSSIER_ROWS
    )


def load(params: dict, lo: int, hi: int) -> None:
    """Dossiers lo..hi and their steps, in batches of one transaction each.

    The tables' secondary indexes are dropped for the load and built again after it (their
    definitions read from the catalogue, so indexes added by migrations come back too).
    """
    from django.db import connection, transaction

    insert = dossier_insert_sql()
    with connection.cursor() as cursor:
        cursor.execute(SECONDARY_INDEXES)
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    for start in range(lo, hi + 1, BATCH):
        end = min(hi, start + BATCH - 1)
        batch = dict(params, lo=start, hi=end)
        with transaction.atomic(), connection.cursor() as cursor:
            # Foreign-key triggers off for the load (checked once, set-based, below); no JIT
            # compilation of the generator's expressions.
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(insert, batch)
            cursor.execute(STEPS, batch)
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            cursor.execute(definition)
        cursor.execute("RESET maintenance_work_mem")
        for check in FOREIGN_KEY_CHECKS:
            cursor.execute(check, {"lo": lo, "hi": hi})
            assert cursor.fetchone()[0] == 0, check
        for table in TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
            )
            cursor.execute(f"VACUUM ANALYZE {table}")


# -- timing --------------------------------------------------------------------------------


def page_rows(content: bytes) -> int:
    body = content.split(b"<tbody>", 1)[1].split(b"</tbody>", 1)[0]
    return body.count(b'<a href="/')


def measure(client, url: str, repeat: int) -> dict[str, float]:
    best = {}
    for name, query in PAGES.items():
        for _ in range(WARM_UP):
            response = client.get(url + query)
        assert response.status_code == 200, response.status_code
        assert page_rows(response.content) == 50, f"{name}: page not full"
        times = []
        for _ in range(repeat):
            began = time.perf_counter()
            client.get(url + query)
            times.append(time.perf_counter() - began)
        best[name] = min(times)
    return best


def explain(client, url: str, top: int = 3) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for name, query in PAGES.items():
        with CaptureQueriesContext(connection) as captured:
            client.get(url + query)
        runs = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
        total = sum(float(q["time"]) for q in runs) * 1000
        print(f"  {name}: {len(runs)} statements, {total:.1f} ms in the database")
        for q in runs:
            print(f"    {float(q['time']) * 1000:7.1f} ms  {q['sql'][:150]}")
        with connection.cursor() as cursor:
            for q in runs[:top]:
                if not q["sql"].startswith("SELECT"):
                    continue
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
                print("    ---- " + q["sql"][:100])
                for (line,) in cursor.fetchall():
                    print("    " + line)


def badges(user) -> str:
    from django.utils import timezone

    from cchc.dossiers import queries

    counts = queries.queue_counts(user, timezone.now())
    return ", ".join(f"{name} {count}" for name, count in counts.items())


def main(argv=None) -> None:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
    pg_admin(f"CREATE DATABASE {PG_DATABASE}")
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")


def run(args) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from cchc.workcal import services as workcal

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    workcal.seed_year(2026)
    workcal.seed_year(2027)
    world = build_world()
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    params = dict(world.params, now=now)
    with connection.cursor() as cursor:
        cursor.execute(RANDOM_FUNCTION)

    client = Client()
    client.force_login(world.page_user)
    url = reverse("dossier-queues")
    print(
        f"queue pages as {world.page_user.username} (office head, specialist office of the first of "
        f"{COMMUNES} communes); {os.cpu_count()} CPUs; seed {SEED}; now {timezone.localtime(now):%H:%M %d/%m/%Y}"
    )
    results = {}
    loaded = 0
    for size in (args.small, args.n):
        began = time.perf_counter()
        load(params, loaded + 1, size)
        loaded = size
        print(
            f"{size:>9,} dossiers: loaded in {time.perf_counter() - began:.1f} s; badges: {badges(world.page_user)}"
        )
        results[size] = measure(client, url, args.repeat)
        for name, seconds in results[size].items():
            print(
                f"{size:>9,} dossiers: {name:<8} page {seconds * 1000:7.1f} ms (best of {args.repeat})"
            )
        if args.explain:
            explain(client, url)
    ratios = {name: results[args.n][name] / results[args.small][name] for name in PAGES}
    for name, ratio in ratios.items():
        print(f"{name:<8} ratio {args.n:,} / {args.small:,}: {ratio:.2f}")
    print(f"ratio={max(ratios.values()):.2f}")


if __name__ == "__main__":
    main()
