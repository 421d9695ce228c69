"""Session-wide throwaway database servers with the example export loaded (see servers.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from components import require
from db.servers import (
    Server,
    example_frames,
    load_frames,
    mariadb,
    mariadbd,
    postgres,
    postgres_bin,
)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    require("PostgreSQL", postgres_bin() is not None, "no /usr/lib/postgresql/*/bin/postgres")
    with postgres() as server:
        load_frames(server, example_frames())
        yield server


@pytest.fixture(scope="session")
def maria_server() -> Iterator[Server]:
    require("MariaDB", mariadbd() is not None, "no mariadbd")
    with mariadb() as server:
        load_frames(server, example_frames())
        yield server


@pytest.fixture(params=["postgresql", "mysql"])
def server(request: pytest.FixtureRequest) -> Server:
    """Each server in turn."""
    name = "pg_server" if request.param == "postgresql" else "maria_server"
    return request.getfixturevalue(name)  # type: ignore[no-any-return]
