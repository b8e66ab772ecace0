"""Benchmark: due dates for 1,000,000 dossiers, engine bulk path vs numpy.busday_offset.

    .venv/bin/python bench/deadlines.py [N]

Runs without a database: the calendar is built from the seeding data (the `holidays`
package + the notices table), exactly what `cchc calendar seed` would write. numpy gets the
same non-working dates as holidays (it cannot express make-up Saturdays; it works in whole
days, the engine in minutes). Both are timed on the same starts and day counts; the engine
also carries a share of hour durations. The last line is `ratio=<engine / numpy>` for the
first (cold) call of each, tables included; warm figures (best of 5) are printed too.
Not a test: calendar.md §3 asks for "close to the speed of numpy.busday_offset" (≤ 3×).
"""

import os
import sys
import time
from datetime import datetime, timedelta

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))

from cchc.workcal.duration import Duration  # noqa: E402
from cchc.workcal.notices import MAKEUP  # noqa: E402
from cchc.workcal.sources import calendar_from_sources, proposed_days  # noqa: E402

YEARS = range(2021, 2027)
N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
SEED = 20260821


def timed(fn):
    began = time.perf_counter()
    result = fn()
    return time.perf_counter() - began, result


def best_of(fn, repeat=5):
    return min(timed(fn)[0] for _ in range(repeat))


def main() -> None:
    rng = np.random.default_rng(SEED)
    first = np.datetime64("2021-01-01T00:00", "m").astype(np.int64)
    last = np.datetime64("2026-12-31T23:59", "m").astype(np.int64)
    starts = rng.integers(first, last + 1, size=N).astype("datetime64[m]")
    days = rng.choice(np.array([1, 2, 3, 5, 7, 10, 15, 20, 30]), size=N)
    minutes = days * 480
    hours = rng.random(N) < 0.1  # one in ten processing times stated in hours (4 h)
    minutes[hours] = 240

    years_with_margin = range(YEARS[0], YEARS[-1] + 2)
    holidays = sorted(
        np.datetime64(row.date, "D")
        for y in years_with_margin
        for row in proposed_days(y)
        if row.kind != MAKEUP
    )
    holidays = np.array(holidays, dtype="datetime64[D]")
    start_days = starts.astype("datetime64[D]")

    # Cold: a fresh calendar (tables built inside the call) vs numpy given the holiday list.
    calendar = calendar_from_sources(years_with_margin)
    engine_cold, engine_result = timed(lambda: calendar.add_many(starts, minutes))
    numpy_cold, numpy_result = timed(
        lambda: np.busday_offset(
            start_days, days, roll="forward", weekmask="1111100", holidays=holidays
        )
    )
    # Warm: the engine reuses its tables; numpy reuses a prebuilt busdaycalendar.
    busdaycal = np.busdaycalendar(weekmask="1111100", holidays=holidays)
    engine_warm = best_of(lambda: calendar.add_many(starts, minutes))
    numpy_warm = best_of(
        lambda: np.busday_offset(start_days, days, roll="forward", busdaycal=busdaycal)
    )
    same_duration_warm = best_of(lambda: calendar.add_many(starts, Duration.parse("3d")))

    # Sanity: the bulk path agrees with the scalar path on a sample.
    sample = rng.choice(N, size=2000, replace=False)
    for i in sample:
        start = starts[i].astype(datetime)
        expected = calendar.add_working_minutes(start, int(minutes[i]))
        assert engine_result[i] == np.datetime64(expected, "m"), (start, minutes[i])
    assert len(numpy_result) == N

    # Single call: the scalar path `add` on varied starts.
    scalar_starts = [
        datetime(2021, 1, 1) + timedelta(minutes=int(m))
        for m in rng.integers(0, 6 * 525_600, 100_000)
    ]
    three_days = Duration.parse("3d")
    single, _ = timed(lambda: [calendar.add(s, three_days) for s in scalar_starts])

    print(
        f"starts: {N:,} random minutes 2021–2026 (seed {SEED}); durations 1–30 working days, 10% 4 h"
    )
    print(f"engine add_many, cold (tables built in the call): {engine_cold * 1000:8.1f} ms")
    print(f"numpy busday_offset, cold (holidays list):         {numpy_cold * 1000:8.1f} ms")
    print(f"engine add_many, warm (best of 5):                 {engine_warm * 1000:8.1f} ms")
    print(f"engine add_many, one Duration for all, warm:       {same_duration_warm * 1000:8.1f} ms")
    print(f"numpy busday_offset, warm (busdaycalendar):        {numpy_warm * 1000:8.1f} ms")
    print(f"warm ratio engine/numpy: {engine_warm / numpy_warm:.2f}")
    print(f"single add(): {single / len(scalar_starts) * 1e6:.2f} µs per call")
    print(f"ratio={engine_cold / numpy_cold:.2f}")


if __name__ == "__main__":
    main()
