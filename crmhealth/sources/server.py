"""Database servers: PostgreSQL (ADBC) and MySQL/MariaDB (ConnectorX), read as text into Polars.

A source names a server by URL and either a `table:` or a `query:`. Only the columns the checks
need are fetched, each CAST to text by the server, so a value reads as the server's own CSV export
of it would, and the figures equal those of that export. Reads are Arrow-native (see
bench/db/drivers.py for why these two drivers) and read-only: PostgreSQL reads inside a
``READ ONLY`` transaction; on MySQL the source is always wrapped as a derived table, which the
grammar allows to be a SELECT only. Every message goes through `crmhealth.secrets`.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from crmhealth.errors import UserError, did_you_mean
from crmhealth.secrets import ConnectionUrl, parse_url, scrub
from crmhealth.sources.base import SourceRef

CONNECT_TIMEOUT_SECONDS = 10
# How long a server may take to answer a schema probe (LIMIT 0 of a `query:` can take a while).
PROBE_TIMEOUT_SECONDS = 300


@dataclass(frozen=True)
class Problem:
    """A driver error classified for the user: what went wrong and what to do."""

    kind: str  # refused, timeout, auth, database, table, column, other
    detail: str


class ServerLoader:
    """Common logic of the two server kinds; a subclass supplies the driver calls."""

    extra = ""
    product = ""

    def quote(self, identifier: str) -> str:
        raise NotImplementedError

    def text(self, column: str, arrow_type: str) -> str:
        """SQL rendering `column` as text the way the server's CSV export writes it."""
        raise NotImplementedError

    def _schema(self, ref: SourceRef, url: ConnectionUrl, sql: str) -> list[tuple[str, str]]:
        """(name, type) of the columns `sql` returns, without reading rows."""
        raise NotImplementedError

    def _fetch(self, ref: SourceRef, url: ConnectionUrl, sql: str) -> pl.DataFrame:
        raise NotImplementedError

    def _tables(self, url: ConnectionUrl) -> list[str]:
        """The tables the login can read (only asked on the error path)."""
        raise NotImplementedError

    def _classify(self, exc: Exception) -> Problem:
        raise NotImplementedError

    # -- shared ---------------------------------------------------------------------------

    def _url(self, ref: SourceRef) -> ConnectionUrl:
        assert ref.spec.url is not None
        try:
            return parse_url(ref.spec.url)
        except ValueError as exc:
            raise UserError(f"source '{ref.name}': {exc}", ref.where) from None

    def _relation(self, ref: SourceRef) -> str:
        """The FROM item: the table (``schema.table`` allowed) or the query as a derived table."""
        if ref.spec.query is not None:
            query = ref.spec.query.strip().rstrip(";").strip()
            if _has_statement_break(query):
                raise UserError(
                    f"source '{ref.name}': `query:` must be one SELECT statement (it contains "
                    "a `;` outside quotes)",
                    ref.where,
                )
            # The line break keeps a trailing `-- comment` from swallowing the parenthesis.
            return f"({query}\n) AS crmhealth_source"
        assert ref.spec.table is not None
        return ".".join(self.quote(part) for part in ref.spec.table.split("."))

    def _error(self, ref: SourceRef, url: ConnectionUrl, exc: Exception) -> UserError:
        problem = self._classify(exc)
        what = f"table '{ref.spec.table}'" if ref.spec.table is not None else "its query"
        at = f"database '{url.database}' on {url.address}"
        user = f"'{url.user}'" if url.user else "the login"
        messages = {
            "refused": f"cannot connect to {url.address} (connection refused): is the server "
            "running, and are host and port right?",
            "timeout": f"no answer from {url.address} within {CONNECT_TIMEOUT_SECONDS} s: is "
            "the host reachable and the port right?",
            "auth": f"{url.address} refused user {user}: wrong password, or no access from this "
            "machine",
            "database": f"there is no database '{url.database}' on {url.address} (or {user} may "
            "not use it)",
            "table": f"no table '{ref.spec.table}' in {at}",
            "column": f"{problem.detail} in {what} of {at}",
            "other": f"cannot read {what} from {at}: {problem.detail}",
        }
        message = messages[problem.kind]
        if problem.kind == "table" and ref.spec.table is not None:
            # The hint is optional: the error stands even when the tables cannot be listed.
            with contextlib.suppress(Exception):
                message += did_you_mean(ref.spec.table, self._tables(url))
        elif problem.kind == "table":
            message = f"its query reads a table that does not exist ({problem.detail}) in {at}"
        if problem.kind in ("refused", "timeout", "auth"):
            message += f" (database '{url.database}', {what})"
        elif problem.kind == "database":
            message += f" ({what})"
        return UserError(f"source '{ref.name}': " + scrub(message, url.secrets()), ref.where)

    def _guard(self, ref: SourceRef, url: ConnectionUrl, call: Callable[[], Any]) -> Any:
        try:
            return call()
        except UserError:
            raise
        except Exception as exc:  # every driver error becomes a UserError
            raise self._error(ref, url, exc) from None

    def column_names(self, ref: SourceRef) -> list[str]:
        return [name for name, _ in self._cached_schema(ref)]

    @functools.lru_cache(maxsize=64)  # noqa: B019 - loaders live as long as the process
    def _cached_schema(self, ref: SourceRef) -> tuple[tuple[str, str], ...]:
        """The source's columns, asked once per run (validate, plan and load all need them)."""
        url = self._url(ref)
        sql = f"SELECT * FROM {self._relation(ref)} LIMIT 0"
        return tuple(self._guard(ref, url, lambda: self._schema(ref, url, sql)))

    def select_sql(self, ref: SourceRef, columns: Sequence[str] | None) -> str:
        """The one statement that reads the source: the wanted columns, each as text."""
        schema = dict(self._cached_schema(ref))
        names = list(columns) if columns is not None else list(schema)
        if not names:
            return f"SELECT 1 AS {self.quote('crmhealth_row')} FROM {self._relation(ref)}"
        select = ", ".join(
            f"{self.text(self.quote(n), schema.get(n, ''))} AS {self.quote(n)}" for n in names
        )
        return f"SELECT {select} FROM {self._relation(ref)}"

    def column_sql(self, ref: SourceRef, column: str) -> str:
        """SQL reading `column` of the source as text, exactly as `load` reads it."""
        return self.text(self.quote(column), dict(self._cached_schema(ref)).get(column, ""))

    def from_sql(self, ref: SourceRef) -> str:
        """The FROM item that reads the source (for queries an executor builds over it)."""
        return self._relation(ref)

    def query(self, ref: SourceRef, sql: str) -> pl.DataFrame:
        """Run a read-only `sql` built over `from_sql` (connection errors as for `load`)."""
        url = self._url(ref)
        frame: pl.DataFrame = self._guard(ref, url, lambda: self._fetch(ref, url, sql))
        return frame

    def load(self, ref: SourceRef, columns: Sequence[str] | None) -> pl.DataFrame:
        url = self._url(ref)
        sql = self.select_sql(ref, columns)
        frame: pl.DataFrame = self._guard(ref, url, lambda: self._fetch(ref, url, sql))
        if columns is not None and not columns:
            return frame.select([])  # as the file loaders do
        return frame.select(pl.all().cast(pl.String))

    def _missing_driver(self, ref: SourceRef, module: str) -> UserError:
        return UserError(
            f"source '{ref.name}': reading {self.product} needs the {module} package: "
            f"pip install 'crmhealth[{self.extra}]'",
            ref.where,
        )


class PostgresLoader(ServerLoader):
    """PostgreSQL through the ADBC driver (libpq, COPY in binary), in a read-only transaction."""

    extra = "postgres"
    product = "PostgreSQL"

    def __init__(self) -> None:
        self._open: dict[str, Any] = {}

    def quote(self, identifier: str) -> str:
        return '"' + identifier.replace('"', '""') + '"'

    def text(self, column: str, arrow_type: str) -> str:
        # CAST(boolean AS text) says true/false; the server's own CSV export (COPY) says t/f.
        if arrow_type == "bool":
            return f"CASE WHEN {column} THEN 't' WHEN NOT {column} THEN 'f' END"
        return f"CAST({column} AS TEXT)"

    def _driver(self, ref: SourceRef) -> Any:
        try:
            import adbc_driver_postgresql.dbapi as dbapi
        except ImportError:
            raise self._missing_driver(ref, "adbc-driver-postgresql") from None
        return dbapi

    def _run(self, ref: SourceRef, url: ConnectionUrl, sql: str) -> Any:
        dbapi = self._driver(ref)
        driver_url = url.for_driver()
        if not any(k == "connect_timeout" for k, _ in url.params):
            driver_url += (
                "&" if url.params else "?"
            ) + f"connect_timeout={CONNECT_TIMEOUT_SECONDS}"
        conn = self._connection(dbapi, driver_url)
        try:
            with conn.cursor() as cursor:
                cursor.execute("BEGIN READ ONLY")
                try:
                    cursor.execute(sql)
                    return cursor.fetch_arrow_table()
                finally:
                    cursor.execute("ROLLBACK")
        except Exception:
            # A connection that failed mid-way is not reused.
            self._open.pop(driver_url, None)
            with contextlib.suppress(Exception):
                conn.close()
            raise

    def _connection(self, dbapi: Any, driver_url: str) -> Any:
        """One connection per server for the whole run: a password handshake (SCRAM) costs a
        noticeable part of a second, and an audit asks a server several questions."""
        conn = self._open.get(driver_url)
        if conn is None:
            conn = dbapi.connect(driver_url, autocommit=True)
            self._open[driver_url] = conn
            atexit.register(_close_quietly, conn)
        return conn

    def _schema(self, ref: SourceRef, url: ConnectionUrl, sql: str) -> list[tuple[str, str]]:
        table = self._run(ref, url, sql)
        return [(field.name, str(field.type)) for field in table.schema]

    def _fetch(self, ref: SourceRef, url: ConnectionUrl, sql: str) -> pl.DataFrame:
        frame = pl.from_arrow(self._run(ref, url, sql))
        assert isinstance(frame, pl.DataFrame)
        return frame

    def _tables(self, url: ConnectionUrl) -> list[str]:
        import adbc_driver_postgresql.dbapi as dbapi

        sql = (
            "SELECT CASE WHEN table_schema = current_schema() THEN table_name "
            "ELSE table_schema || '.' || table_name END FROM information_schema.tables "
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
        )
        with dbapi.connect(url.for_driver()) as conn, conn.cursor() as cursor:
            cursor.execute(sql)
            return [str(row[0]) for row in cursor.fetchall()]

    def _classify(self, exc: Exception) -> Problem:
        text = str(exc)
        sqlstate = getattr(exc, "sqlstate", None) or ""
        detail = _first_server_line(text)
        if "Connection refused" in text:
            return Problem("refused", detail)
        if "timeout expired" in text or "timed out" in text:
            return Problem("timeout", detail)
        if "password authentication failed" in text or "no password supplied" in text:
            return Problem("auth", detail)
        if re.search(r'database ".*" does not exist', text):
            return Problem("database", detail)
        if sqlstate == "42P01" or re.search(r'relation ".*" does not exist', text):
            return Problem("table", detail)
        if sqlstate == "42703":
            return Problem("column", detail)
        return Problem("other", detail)


class MysqlLoader(ServerLoader):
    """MySQL and MariaDB: ConnectorX reads the data (Arrow); PyMySQL opens the connection first,
    because ConnectorX's pool retries a refused connection or a wrong password for 30 s."""

    extra = "mysql"
    product = "MySQL/MariaDB"

    def quote(self, identifier: str) -> str:
        return "`" + identifier.replace("`", "``") + "`"

    def text(self, column: str, arrow_type: str) -> str:
        return f"CAST({column} AS CHAR CHARACTER SET utf8mb4)"

    def _connect(self, ref: SourceRef, url: ConnectionUrl) -> Any:
        try:
            import pymysql  # noqa: F401
        except ImportError:
            raise self._missing_driver(ref, "PyMySQL") from None
        return self._connect_with(url)

    @staticmethod
    def _connect_with(url: ConnectionUrl) -> Any:
        import pymysql

        return pymysql.connect(
            host=url.host,
            port=url.port or 3306,
            user=url.user or "",
            password=url.password or "",
            database=url.database,
            charset="utf8mb4",
            connect_timeout=CONNECT_TIMEOUT_SECONDS,
            read_timeout=PROBE_TIMEOUT_SECONDS,
        )

    def _schema(self, ref: SourceRef, url: ConnectionUrl, sql: str) -> list[tuple[str, str]]:
        # The source is always a derived table here (`SELECT ... FROM (query) AS s`), so a
        # `query:` that is not a SELECT is a syntax error, never a write.
        conn = self._connect(ref, url)
        try:
            with conn.cursor() as cursor:
                cursor.execute("START TRANSACTION READ ONLY")
                cursor.execute(sql)
                columns = [(str(d[0]), str(d[1])) for d in cursor.description or ()]
                cursor.execute("ROLLBACK")
            return columns
        finally:
            conn.close()

    def _fetch(self, ref: SourceRef, url: ConnectionUrl, sql: str) -> pl.DataFrame:
        try:
            import connectorx
        except ImportError:
            raise self._missing_driver(ref, "connectorx") from None
        self._connect(ref, url).close()  # fail fast and clearly, see the class docstring
        frame = connectorx.read_sql(url.for_driver(), sql, return_type="polars")
        assert isinstance(frame, pl.DataFrame)
        return frame

    def _tables(self, url: ConnectionUrl) -> list[str]:
        conn = self._connect_with(url)
        try:
            with conn.cursor() as cursor:
                cursor.execute("SHOW TABLES")
                return [str(row[0]) for row in cursor.fetchall()]
        finally:
            conn.close()

    def _classify(self, exc: Exception) -> Problem:
        code = exc.args[0] if exc.args and isinstance(exc.args[0], int) else None
        text = str(exc.args[1]) if len(exc.args) > 1 else str(exc)
        if code in (2003, 2013):
            return Problem("timeout" if "timed out" in text else "refused", text)
        if code == 1045:
            return Problem("auth", text)
        if code in (1049, 1044):
            return Problem("database", text)
        if code == 1146 or "ERROR 1146" in text:
            return Problem("table", text)
        if code == 1054 or "ERROR 1054" in text:
            return Problem("column", re.sub(r" in '.*'$", "", text.rstrip(" }")))
        return Problem("other", _first_server_line(text))


_TOKENS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|`[^`]*`|--[^\n]*|/\*.*?\*/|;", re.S)


def _has_statement_break(query: str) -> bool:
    """Whether `query` holds a `;` outside string literals, quoted names and comments."""
    return any(match.group(0) == ";" for match in _TOKENS.finditer(query))


def _close_quietly(conn: Any) -> None:
    with contextlib.suppress(Exception):
        conn.close()


def _first_server_line(text: str) -> str:
    """The server's own sentence from a driver message (drop driver prefixes and SQL echoes)."""
    for line in text.splitlines():
        line = line.strip()
        match = re.search(r"(?:ERROR|FATAL):\s+(.*)", line)
        if match:
            return match.group(1)
    first = text.strip().splitlines()[0] if text.strip() else "unknown error"
    return first[:300]
