"""A throwaway PostgreSQL cluster for tests: initdb on a free local port, removed afterwards.

``initdb`` refuses to run as root, so as root the cluster belongs to the ``postgres`` user.
"""

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PG_BIN_DIRS = (
    "/usr/lib/postgresql/15/bin",
    "/usr/lib/postgresql/16/bin",
    "/usr/lib/postgresql/17/bin",
)
MEMORY_FS = "/dev/shm"


def pg_bin(name: str) -> str | None:
    for folder in PG_BIN_DIRS:
        candidate = Path(folder) / name
        if candidate.exists():
            return str(candidate)
    return shutil.which(name)


def _as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def throwaway_cluster(*, durable: bool = False) -> Iterator[str]:
    """Start a cluster in a new temporary folder; yield its SQLAlchemy URL; stop and remove it.

    Tests run it with ``fsync=off`` and, where the machine has one, on the memory file system
    (/dev/shm): nothing is kept, and each test's ``CREATE DATABASE`` takes 20 ms there against
    100-250 ms on a virtual disk. ``durable`` keeps PostgreSQL's defaults and the disk, for
    measuring commits as a real server makes them (bench/soak.py). The folder is not under
    pytest's tmp_path: as root that is private to root, and the cluster's owner must be able to
    enter it.
    """
    initdb, pg_ctl = pg_bin("initdb"), pg_bin("pg_ctl")
    if initdb is None or pg_ctl is None:
        raise FileNotFoundError("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    in_memory = not durable and os.access(MEMORY_FS, os.W_OK)
    folder = Path(tempfile.mkdtemp(prefix="directives-pg-", dir=MEMORY_FS if in_memory else None))
    data = folder / "pgdata"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.STDOUT, "check": True}
    subprocess.run(
        _as_owner(
            [initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"]
        ),
        **quiet,
    )
    port = _free_port()
    # Shared memory segments in the cluster's folder (removed with it): an immediate stop would
    # leave POSIX ones behind in /dev/shm, for a cluster that never starts again to clean.
    options = (
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
        " -c dynamic_shared_memory_type=mmap"
    )
    if not durable:
        options += " -c fsync=off"
    log = folder / "postgres.log"
    subprocess.run(
        _as_owner([pg_ctl, "-D", str(data), "-o", options, "-l", str(log), "-w", "start"]), **quiet
    )
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_owner([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]), **quiet
        )
        shutil.rmtree(folder, ignore_errors=True)
