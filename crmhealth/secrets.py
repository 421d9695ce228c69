"""Passwords never leave crmhealth: the one way a database source is shown, and a scrubber for
driver messages.

Every place that shows a source (reports, history, the terminal, error messages) goes through
`mask_url`; every driver message that may echo a connection string goes through `scrub`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

MASK = "***"

# Query parameters of a connection URL that hold a secret (libpq's, MySQL drivers', cloud ones).
_SECRET_PARAMS = frozenset(
    {"password", "passwd", "pwd", "sslpassword", "secret", "token", "access_token", "api_key"}
)


@dataclass(frozen=True)
class ConnectionUrl:
    """A database URL split by hand, so a password holding ``@ / : # [ ? %`` is still one
    password (URL parsers stop at the first ``#`` or ``[``)."""

    scheme: str
    user: str | None
    password: str | None  # decoded (percent escapes resolved)
    host: str
    port: int | None
    database: str
    params: tuple[tuple[str, str], ...]

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}" if self.port is not None else self.host

    def _assemble(self, shown: str | None, masked: bool) -> str:
        """The URL re-assembled with every part percent-encoded; `shown` stands for the
        password, and secret parameters are masked when `masked`."""
        auth = ""
        if self.user is not None:
            auth = quote(self.user, safe="")
            if shown is not None:
                auth += ":" + shown
            auth += "@"
        host = f"[{self.host}]" if ":" in self.host else self.host
        port = f":{self.port}" if self.port is not None else ""
        query = "&".join(
            quote(k, safe="")
            + "="
            + (MASK if masked and k.lower() in _SECRET_PARAMS else quote(v, safe=""))
            for k, v in self.params
        )
        return f"{self.scheme}://{auth}{host}{port}/{quote(self.database, safe='')}" + (
            f"?{query}" if query else ""
        )

    def for_driver(self) -> str:
        """The full URL, password included, properly encoded: only ever handed to a driver."""
        secret = None if self.password is None else quote(self.password, safe="")
        return self._assemble(secret, masked=False)

    def masked(self) -> str:
        return self._assemble(MASK if self.password is not None else None, masked=True)

    def secrets(self) -> list[str]:
        """Every secret this URL holds, as written and as encoded, for `scrub`."""
        found = [self.password] if self.password else []
        found += [v for k, v in self.params if k.lower() in _SECRET_PARAMS and v]
        return found


def parse_url(url: str) -> ConnectionUrl:
    """Split ``scheme://user:password@host:port/database?k=v``; ValueError (never echoing the
    URL, which holds the password) when it is not one."""
    scheme, sep, rest = url.partition("://")
    if not sep or not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", scheme):
        raise ValueError("url must look like postgresql://user:${PASSWORD}@host:5432/database")
    user = password = None
    at = rest.rfind("@")
    if at >= 0:
        userinfo, rest = rest[:at], rest[at + 1 :]
        name, colon, secret = userinfo.partition(":")
        user = unquote(name)
        password = unquote(secret) if colon else None
    hostport, _, tail = rest.partition("/")
    database, _, query = tail.partition("?")
    if hostport.startswith("["):
        host, _, port_text = hostport[1:].partition("]")
        port_text = port_text.removeprefix(":")
    else:
        host, _, port_text = hostport.partition(":")
    if not host:
        raise ValueError("url names no host (postgresql://user@host:5432/database)")
    if not database:
        raise ValueError("url names no database: end it with /DATABASE")
    if port_text and not port_text.isdigit():
        raise ValueError("the port in url must be a number")
    params = tuple(
        (unquote(k), unquote(v)) for k, _, v in (p.partition("=") for p in query.split("&") if p)
    )
    return ConnectionUrl(
        scheme=scheme.lower(),
        user=user,
        password=password,
        host=host,
        port=int(port_text) if port_text else None,
        database=unquote(database),
        params=params,
    )


def mask_url(url: str) -> str:
    """A database URL as crmhealth shows it anywhere: the password (and secret parameters) as
    ``***``. Text that does not parse as a URL is reduced to its scheme, never shown whole."""
    try:
        return parse_url(url).masked()
    except ValueError:
        scheme = url.partition("://")[0] if "://" in url else "database"
        return f"{scheme}://{MASK}"


def scrub(text: str, secrets: list[str]) -> str:
    """`text` with every secret, as written or percent-encoded, replaced by ``***``."""
    for secret in sorted(secrets, key=len, reverse=True):
        for form in {secret, quote(secret, safe=""), quote(secret)}:
            if form:
                text = text.replace(form, MASK)
    return text
