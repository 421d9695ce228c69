"""Throwaway PostgreSQL and MariaDB servers for the tests, and the example export loaded into them.

Each server is initialised in a temporary folder, listens on a free loopback port (and a unix
socket for the superuser), and is stopped at the end of the test session. As root the server runs
as the distribution's ``postgres``/``mysql`` user. A read-only ``auditor`` login with a password
full of URL and YAML control characters is what crmhealth connects as.
"""

from __future__ import annotations

import contextlib
import ctypes
import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import polars as pl

REPO = Path(__file__).resolve().parents[2]
DATABASE = "crm"
AUDITOR = "auditor"
# Every character that could break a URL or a YAML file, so the tests show it never does.
PASSWORD = "Pw7'#:[x]@/ %2{s}"


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"))
    return Path(found[-1]).parent if found else None


def mariadbd() -> str | None:
    for name in ("mariadbd", "mysqld"):
        path = shutil.which(name) or (
            f"/usr/sbin/{name}" if os.access(f"/usr/sbin/{name}", os.X_OK) else None
        )
        if path:
            return path
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:
    """In the server's process: end when the test process ends, even when it is killed (a
    killed pytest must not leave servers behind)."""
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _as_service_user(user: str) -> list[str]:
    """Run a command as `user` when we are root (servers refuse to run as root)."""
    return ["runuser", "-u", user, "--"] if os.geteuid() == 0 else []


@contextlib.contextmanager
def _server_folder(user: str) -> Iterator[Path]:
    """A scratch folder the service user owns, directly under the system temp folder (pytest's
    own temp folders are private to root, and the server cannot enter them)."""
    folder = Path(tempfile.mkdtemp(prefix=f"crmhealth-{user}-"))
    try:
        if os.geteuid() == 0:
            shutil.chown(folder, user, user)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class Server:
    """A running server and how to reach it."""

    scheme: str  # "postgresql" or "mysql"
    host: str
    port: int
    database: str
    user: str
    password: str
    admin: list[str]  # a command line that runs SQL from stdin as the superuser

    def url(self, password: str | None = None, database: str | None = None) -> str:
        secret = quote(self.password if password is None else password, safe="")
        return (
            f"{self.scheme}://{quote(self.user, safe='')}:{secret}@{self.host}:{self.port}/"
            f"{database or self.database}"
        )

    def sql(self, statements: str) -> str:
        done = subprocess.run(
            self.admin, input=statements, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"{self.admin[0]} failed: {done.stderr[-2000:]}")
        return done.stdout


def _wait(ready: Iterator[bool], what: str, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    for ok in ready:
        if ok:
            return
        if time.monotonic() > deadline:
            break
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start: {log.read_text(errors='replace')[-2000:]}")


@contextlib.contextmanager
def postgres() -> Iterator[Server]:
    with _server_folder("postgres") as folder:
        yield from _postgres(folder)


def _postgres(folder: Path) -> Iterator[Server]:
    bindir = postgres_bin()
    assert bindir is not None
    data, log, port = folder / "data", folder / "server.log", free_port()
    run_as = _as_service_user("postgres")
    subprocess.run(
        [*run_as, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-E", "UTF8",
         "--locale=C.UTF-8", "--no-sync", "--auth-local=trust", "--auth-host=scram-sha-256"],
        check=True, capture_output=True,
    )  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*run_as, str(bindir / "postgres"), "-D", str(data), "-p", str(port),
             "-k", str(folder), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
             "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
            stdout=out, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent,
        )  # fmt: skip
    admin = [*run_as, str(bindir / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h",
             str(folder), "-p", str(port), "-U", "postgres", "-d", "postgres"]  # fmt: skip
    try:
        _wait(
            (
                subprocess.run(
                    [str(bindir / "pg_isready"), "-q", "-h", str(folder), "-p", str(port)],
                    check=False,
                ).returncode
                == 0
                for _ in iter(int, 1)
            ),
            "PostgreSQL",
            log,
        )
        literal = PASSWORD.replace("'", "''")
        server = Server("postgresql", "127.0.0.1", port, DATABASE, AUDITOR, PASSWORD, admin)
        server.sql(
            f"CREATE DATABASE {DATABASE};\nCREATE ROLE {AUDITOR} LOGIN PASSWORD '{literal}';\n"
        )
        admin_crm = [*admin[:-1], DATABASE]
        yield Server("postgresql", "127.0.0.1", port, DATABASE, AUDITOR, PASSWORD, admin_crm)
    finally:
        # Immediate shutdown: the data is thrown away anyway.
        subprocess.run(
            [*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True, check=False,
        )  # fmt: skip
        process.wait(timeout=30)


@contextlib.contextmanager
def mariadb() -> Iterator[Server]:
    with _server_folder("mysql") as folder:
        yield from _mariadb(folder)


def _mariadb(folder: Path) -> Iterator[Server]:
    daemon = mariadbd()
    assert daemon is not None
    data, log, port, sock = folder / "data", folder / "server.log", free_port(), folder / "sock"
    user = ["--user=mysql"] if os.geteuid() == 0 else []
    install = shutil.which("mariadb-install-db") or shutil.which("mysql_install_db") or ""
    subprocess.run(
        [install, "--no-defaults", f"--datadir={data}", *user, "--skip-test-db",
         "--auth-root-authentication-method=normal", "--skip-name-resolve"],
        check=True, capture_output=True,
    )  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*_as_service_user("mysql"), daemon, "--no-defaults", f"--datadir={data}",
             f"--port={port}",
             "--bind-address=127.0.0.1", f"--socket={sock}", f"--pid-file={folder / 'pid'}",
             "--skip-networking=0", "--skip-name-resolve", "--skip-log-bin",
             "--innodb-flush-log-at-trx-commit=0", "--character-set-server=utf8mb4",
             "--collation-server=utf8mb4_unicode_ci"],
            stdout=out, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent,
        )  # fmt: skip
    client = shutil.which("mariadb") or shutil.which("mysql") or "mariadb"
    admin = [client, "--no-defaults", "-S", str(sock), "-uroot", "--default-character-set=utf8mb4"]
    try:
        _wait(
            (
                subprocess.run(
                    [*admin, "-e", "SELECT 1"], capture_output=True, check=False
                ).returncode
                == 0
                for _ in iter(int, 1)
            ),
            "MariaDB",
            log,
        )
        literal = PASSWORD.replace("\\", "\\\\").replace("'", "''")
        server = Server("mysql", "127.0.0.1", port, DATABASE, AUDITOR, PASSWORD, admin)
        server.sql(
            f"CREATE DATABASE {DATABASE} CHARACTER SET utf8mb4;\n"
            f"CREATE USER '{AUDITOR}'@'127.0.0.1' IDENTIFIED BY '{literal}';\n"
            f"GRANT SELECT ON {DATABASE}.* TO '{AUDITOR}'@'127.0.0.1';\n"
        )
        yield Server("mysql", "127.0.0.1", port, DATABASE, AUDITOR, PASSWORD, [*admin, DATABASE])
    finally:
        # Killed, not shut down: the data is thrown away anyway, and a clean shutdown takes
        # seconds. The server runs under runuser, so it is signalled by its own pid.
        pid_file = folder / "pid"
        if pid_file.exists():
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pid_file.read_text().strip()), signal.SIGKILL)
        else:
            process.terminate()
        process.wait(timeout=60)


# Columns whose every value reads back from a typed column exactly as written: stored typed, as a
# CRM's own database would, so the tests also show that typed values read as the export shows them.
_TYPES = {
    "postgresql": (("BIGINT", r"-?(0|[1-9][0-9]{0,17})"),
                   ("TIMESTAMP", r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"),
                   ("DATE", r"\d{4}-\d{2}-\d{2}")),
    "mysql": (("BIGINT", r"-?(0|[1-9][0-9]{0,17})"),
              ("DATETIME", r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"),
              ("DATE", r"\d{4}-\d{2}-\d{2}")),
}  # fmt: skip


def column_type(scheme: str, values: pl.Series) -> str:
    present = values.drop_nulls()
    for sql_type, pattern in _TYPES[scheme]:
        if present.len() and bool(present.str.contains(f"^{pattern}$").all()):
            return sql_type
    return "TEXT"


def _quote_name(scheme: str, name: str) -> str:
    return f'"{name}"' if scheme == "postgresql" else f"`{name}`"


def _literal(scheme: str, value: str | None) -> str:
    if value is None:
        return "NULL"
    escaped = value.replace("'", "''")
    if scheme == "mysql":
        escaped = escaped.replace("\\", "\\\\")
    return f"'{escaped}'"


def table_sql(server: Server, name: str, frame: pl.DataFrame, batch: int = 1000) -> str:
    """CREATE TABLE (typed where exact) and INSERTs of a text frame; SELECT for the auditor."""
    scheme = server.scheme
    columns = ", ".join(
        f"{_quote_name(scheme, c)} {column_type(scheme, frame[c])}" for c in frame.columns
    )
    table = _quote_name(scheme, name)
    parts = [f"CREATE TABLE {table} ({columns});"]
    rows = frame.rows()
    for start in range(0, len(rows), batch):
        values = ",\n".join(
            "(" + ", ".join(_literal(scheme, v) for v in row) + ")"
            for row in rows[start : start + batch]
        )
        parts.append(f"INSERT INTO {table} VALUES\n{values};")
    if scheme == "postgresql":
        parts.append(f"GRANT SELECT ON {table} TO {server.user};")
    return "\n".join(parts) + "\n"


def load_frames(server: Server, frames: dict[str, pl.DataFrame]) -> None:
    server.sql("".join(table_sql(server, n, f) for n, f in frames.items()))


def example_frames() -> dict[str, pl.DataFrame]:
    """The bundled example export (every source of rules.example.yaml), as crmhealth reads it."""
    from crmhealth.rules import load_rules
    from crmhealth.sources import load_table

    rules = load_rules(REPO / "rules.example.yaml")
    return {name: load_table(ref).frame for name, ref in rules.sources.items()}


def example_sources(url: str) -> dict[str, dict[str, str]]:
    return {name: {"url": url, "table": name} for name in example_frames()}
