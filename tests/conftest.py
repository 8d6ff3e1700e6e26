"""Shared fixtures: the offline gazetteer (built by `incidentmap setup`), a PostgreSQL server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.gazetteer.index import Gazetteer, load_gazetteer


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


# PostgreSQL/PostGIS: Debian's server, started by the test set-up on loopback.
def _postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


def _has_postgis(bin_dir: Path) -> bool:
    version = bin_dir.parent.name
    return Path(f"/usr/share/postgresql/{version}/extension/postgis.control").exists()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """Start a throw-away PostgreSQL server on 127.0.0.1; yield its base URL."""
    bin_dir = _postgres_bin()
    if bin_dir is None or not _has_postgis(bin_dir):
        pytest.skip("Debian's postgresql and postgis packages are not installed "
                    "(scripts/test.sh installs them: apt-get install postgresql postgis)")
    as_root = os.geteuid() == 0
    if as_root and shutil.which("runuser") is None:
        pytest.skip("running as root and runuser is missing: PostgreSQL refuses to run as root")
    folder = Path(tempfile.mkdtemp(prefix="incidentmap-pg-"))
    data = folder / "data"
    if as_root:
        shutil.chown(folder, "postgres", "postgres")

    def run(*args: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
        subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=120)

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    run(str(bin_dir / "initdb"), "-D", str(data), "-U", "incidentmap", "--auth=trust",
        "-E", "UTF8", "--locale=C.UTF-8")
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-w",
        "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
    base = f"postgresql://incidentmap@127.0.0.1:{port}"
    try:
        import psycopg

        with psycopg.connect(f"{base}/postgres", autocommit=True) as con:
            con.execute("CREATE DATABASE incidentmap_template")
        with psycopg.connect(f"{base}/incidentmap_template", autocommit=True) as con:
            con.execute("CREATE EXTENSION postgis")
        yield base
    finally:
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture()
def pg_url(pg_server: str) -> str:
    """A fresh database (from a PostGIS template) for one test."""
    import psycopg

    name = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{pg_server}/postgres", autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name} TEMPLATE incidentmap_template")
    return f"{pg_server}/{name}"
