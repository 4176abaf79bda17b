"""Settings of the Hypothesis tests: the number of cases each test names, times
DIRECTIVES_FUZZ_SCALE (1 in the suite; ``make fuzz`` sets 20 for a longer run on demand), with
no per-case deadline (the machine may be busy) and fixtures shared across cases."""

import os

from hypothesis import HealthCheck, settings


def examples(count: int) -> int:
    return count * max(1, int(os.environ.get("DIRECTIVES_FUZZ_SCALE", "1")))


def fuzz(count: int) -> settings:
    return settings(
        max_examples=examples(count),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
