"""Time the units workbook import of a whole province's 2025 catalog, on SQLite and on
PostgreSQL: the catalog written as a workbook, then imported (read, checked, written in one
transaction, commit included) into a fresh database holding one administrator; then the same
file again, which changes nothing.

Run: ``.venv/bin/python bench/units.py [PROVINCE]`` (default: Thành phố Hồ Chí Minh, the
largest, 168 communes and wards). PostgreSQL runs on a throwaway cluster with its durable
defaults (tests/pg.py). The last line printed is one JSON object with the figures.
"""

import json
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.pg starts the throwaway PostgreSQL cluster

from sqlmodel import select  # noqa: E402

from directives.db import make_engine, session_scope, upgrade  # noqa: E402
from directives.importers.catalog import catalog_rows  # noqa: E402
from directives.importers.unit_rows import read_units  # noqa: E402
from directives.models import Role, Unit, User  # noqa: E402
from directives.reports.unit_workbook import units_template  # noqa: E402
from directives.services import accounts  # noqa: E402
from directives.services.unit_import import plan_units, write_units  # noqa: E402
from tests.pg import throwaway_cluster  # noqa: E402


@contextmanager
def sqlite_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{folder}/units.db"


def one_import(url: str, data: bytes) -> tuple[float, str]:
    """Read, check (read transaction), write (write transaction): seconds and the summary."""
    engine = make_engine(url)
    started = time.perf_counter()
    sheet = read_units(data, "don-vi.xlsx")
    with session_scope(engine) as session:
        actor = session.exec(select(User).where(User.username == "quantri")).one()
        plan = plan_units(sheet, session=session, actor=actor)
        summary = plan.summary(written=False)
    if summary.changes:
        with session_scope(engine, write=True) as session:
            actor = session.exec(select(User).where(User.username == "quantri")).one()
            summary = write_units(plan, session=session, actor=actor)
    elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed, str(summary)


def bench(url: str, data: bytes) -> dict[str, Any]:
    upgrade(url)
    engine = make_engine(url)
    with session_scope(engine, write=True) as session:
        accounts.create_user(
            session=session,
            username="quantri",
            full_name="Quản trị",
            password="mat-khau-bench-2026",  # noqa: S106 - a throwaway benchmark account
            role=Role.ADMIN,
        )
    first, first_summary = one_import(url, data)
    second, second_summary = one_import(url, data)
    with session_scope(engine) as session:
        count = len(session.exec(select(Unit)).all())
    engine.dispose()
    print(f"  {first_summary} ({first:.2f} s)\n  {second_summary} ({second:.2f} s)")
    return {"import_s": round(first, 3), "second_import_s": round(second, 3), "units": count}


def main() -> None:
    province = sys.argv[1] if len(sys.argv) > 1 else "Thành phố Hồ Chí Minh"
    rows = catalog_rows(province)
    data = units_template(rows)
    figures: dict[str, Any] = {"province": province, "rows": len(rows), "bytes": len(data)}
    with ExitStack() as stack:
        for engine_name, url in (
            ("sqlite", stack.enter_context(sqlite_url())),
            ("postgresql", stack.enter_context(throwaway_cluster(durable=True))),
        ):
            print(f"{engine_name}: {province}, {len(rows)} rows")
            figures[engine_name] = bench(url, data)
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
