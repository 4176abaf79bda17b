"""Settings of the Hypothesis tests: the number of cases each test names, times
DIRECTIVES_FUZZ_SCALE (1 in the suite; ``make fuzz`` sets 20 for a longer run on demand), with
no per-case deadline (the machine may be busy) and fixtures shared across cases."""

import os
import time
import tracemalloc
from collections.abc import Callable
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, settings

T = TypeVar("T")


def examples(count: int) -> int:
    return count * max(1, int(os.environ.get("DIRECTIVES_FUZZ_SCALE", "1")))


def fuzz(count: int) -> settings:
    return settings(
        max_examples=examples(count),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# --- the heaviest input of the run ---------------------------------------------------------------
# A fuzz test that measures an input calls ``measured``; the report of each test carries the
# figures to the controlling process (also under pytest-xdist), which prints the worst at the end.

HEAVIEST = "heaviest_input"
_heaviest: dict[str, tuple[float, str]] = {}


def measured(record: Callable[[str, object], None], what: str, run: Callable[[], T]) -> T:
    """``run()`` twice: timed, then with its peak of traced memory (tracing slows it several
    times over); both recorded as the test's property."""
    began = time.perf_counter()
    run()
    seconds = time.perf_counter() - began
    tracemalloc.start()
    try:
        return run()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        record(HEAVIEST, (seconds, peak, what))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    for name, value in report.user_properties:
        if name != HEAVIEST or not isinstance(value, (tuple, list)):
            continue
        seconds, peak, what = value
        for key, amount, shown in (
            ("time", float(seconds), f"{float(seconds):.2f} s"),
            ("memory", float(peak), f"{float(peak) / 1e6:.1f} MB"),
        ):
            if amount > _heaviest.get(key, (-1.0, ""))[0]:
                _heaviest[key] = (amount, f"{shown} ({what}; {report.nodeid.split('::')[-1]})")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _heaviest:
        terminalreporter.write_line(
            f"heaviest fuzz input: slowest {_heaviest['time'][1]}; "
            f"largest peak memory {_heaviest['memory'][1]}"
        )
