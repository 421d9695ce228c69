"""The rules file (version 1): typed, validated in full before any data is read.

Every mistake becomes a UserError pointing at the rules file's line and column.
"""

from __future__ import annotations

import codecs
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from crmhealth.checks import REGISTRY, CheckSpec
from crmhealth.envsubst import substitute_env
from crmhealth.errors import UserError, did_you_mean
from crmhealth.results import DIMENSIONS
from crmhealth.sources import SourceRef, SourceSpec, resolve
from crmhealth.yamlmarks import MarkedYaml, PathKey, load_marked_yaml

TOP_LEVEL_KEYS = ("version", "as_of", "region", "lang", "weights", "history", "sources", "checks")

# A check id names its fix-list file: DIR/<id>.csv, written through a temporary file beside it.
# 120 characters, and 200 bytes in UTF-8 (66 Chinese characters), leave room for both within the
# 255-byte file names every common file system allows.
MAX_ID_CHARS = 120
MAX_ID_BYTES = 200
# An as_of outside these bounds is almost always a typo (2062 for 2026, 1926 for 2026).
EARLIEST_AS_OF = date(1990, 1, 1)
AS_OF_LEEWAY_DAYS = 366


@dataclass(frozen=True)
class Rules:
    """A validated rules file."""

    path: Path
    as_of: date | None
    region: str | None
    weights: dict[str, float]
    sources: dict[str, SourceRef]
    checks: tuple[CheckSpec, ...]
    marked: MarkedYaml
    history: Path | None = None  # the run-history file (``history:``), relative to the rules
    lang: str | None = None  # report language (en, zh); --lang overrides it

    def where(self, path: PathKey) -> str:
        return self.marked.where(path)

    def check_where(self, index: int, field: str | None = None) -> str:
        """``rules.yaml:line:col`` of check `index` (or of one of its fields)."""
        return self.where(("checks", index, field) if field else ("checks", index))


def parse_date_value(value: Any, what: str) -> date:
    """A YYYY-MM-DD date; ValueError naming `what` otherwise."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"{what} must be a date written YYYY-MM-DD, not '{value}'") from None


def _pydantic_error(
    exc: ValidationError, marked: MarkedYaml, base: PathKey, label: str
) -> UserError:
    # An unknown key first: a misspelt required key (`fromat:`) is then reported where it is
    # written, with the closest valid key, rather than as the required key missing.
    errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
    error = errors[0]
    loc = tuple(str(p) if isinstance(p, str) else p for p in error["loc"])
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        key = str(loc[-1])
        message = f"unknown key '{key}'"
    elif error["type"] == "missing":
        message = f"missing required key '{loc[-1]}'"
    elif loc:
        field = ".".join(str(p) for p in loc)
        message = f"{field}: {message}"
    return UserError(f"{label}: {message}", marked.where((*base, *loc)))


def _extra_key_hint(error: UserError, data: dict[str, Any], valid: list[str]) -> UserError:
    """Add the closest valid key to an unknown-key error."""
    for key in data:
        if key not in valid and f"unknown key '{key}'" in error.message:
            error.message += did_you_mean(key, valid)
    return error


def _today() -> date:
    return date.today()


def implausible_as_of(value: date, today: date) -> str | None:
    """Why `value` is not a believable reference date (before 1990, or more than a year after
    `today`), or None."""
    if value < EARLIEST_AS_OF:
        return f"as_of {value.isoformat()} is before {EARLIEST_AS_OF.year}"
    if (value - today).days > AS_OF_LEEWAY_DAYS:
        return f"as_of {value.isoformat()} is more than a year after today ({today.isoformat()})"
    return None


def check_as_of(value: date, today: date, where: str) -> None:
    """Refuse an implausible as_of; the fix is to correct it or to pass --as-of explicitly."""
    problem = implausible_as_of(value, today)
    if problem is not None:
        raise UserError(
            f"{problem}: probably a typo; correct it, or give the date explicitly with "
            f"--as-of {value.isoformat()} if it is meant",
            where,
        )


def load_rules(path: Path, *, trust_as_of: bool = False, today: date | None = None) -> Rules:
    """Read and validate a rules file; every problem raises UserError with file:line:col.

    The rules' ``as_of:`` must be plausible (see :func:`implausible_as_of`) unless `trust_as_of`
    (the command line gave ``--as-of``, which replaces it).
    """
    display = str(path)
    marked = substitute_env(load_marked_yaml(path, display))
    data = marked.data
    if not isinstance(data, dict):
        raise UserError(
            "the rules file must be a mapping with `version`, `sources` and `checks`",
            marked.where(()),
        )
    for key in data:
        # `x-` keys hold YAML anchors for reuse (`x-defaults: &d {warn: 0.9}`), as in Compose.
        if key not in TOP_LEVEL_KEYS and not str(key).startswith("x-"):
            raise UserError(
                f"unknown top-level key '{key}'" + did_you_mean(key, TOP_LEVEL_KEYS),
                marked.where((key,)),
            )
    if not data:
        raise UserError(
            "the rules file is empty; start from rules.example.yaml or run "
            "`crmhealth checks` for the check types",
            display,
        )
    version = data.get("version")
    if version is None:
        raise UserError("missing `version: 1` at the top of the rules file", marked.where(()))
    if str(version).strip() != "1":
        raise UserError(
            f"unsupported rules version {version}; this crmhealth reads `version: 1`",
            marked.where(("version",)),
        )

    as_of = None
    if data.get("as_of") is not None:
        try:
            as_of = parse_date_value(data["as_of"], "as_of")
        except ValueError as exc:
            raise UserError(str(exc), marked.where(("as_of",))) from None
    today = today or _today()
    if not trust_as_of:
        # The date the audit will use: the rules' as_of, else today (a clock stuck in 1970).
        if as_of is not None:
            check_as_of(as_of, today, marked.where(("as_of",)))
        elif today < EARLIEST_AS_OF:
            raise UserError(
                f"today's date is {today.isoformat()}, before {EARLIEST_AS_OF.year}: the system "
                "clock is wrong; set it, or give the reference date with --as-of YYYY-MM-DD",
                display,
            )

    region = _region(data.get("region"), marked)
    lang = _lang(data.get("lang"), marked)
    weights = _weights(data.get("weights"), marked)
    sources = _sources(data.get("sources"), marked, path.parent)
    checks = _checks(data.get("checks"), marked, sources, region)
    history = _history(data.get("history"), marked, path.parent)
    return Rules(
        path=path,
        as_of=as_of,
        region=region,
        weights=weights,
        sources=sources,
        checks=checks,
        marked=marked,
        history=history,
        lang=lang,
    )


def _lang(value: Any, marked: MarkedYaml) -> str | None:
    from crmhealth.i18n import LANGUAGES

    if value is None:
        return None
    if value not in LANGUAGES:
        raise UserError(
            f"lang '{value}' is not a report language; use one of {', '.join(LANGUAGES)}",
            marked.where(("lang",)),
        )
    return str(value)


def _history(value: Any, marked: MarkedYaml, base_dir: Path) -> Path | None:
    """The ``history:`` file, relative to the rules file's folder."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise UserError(
            "history must be the path of the run-history file, e.g. `history: history.sqlite`",
            marked.where(("history",)),
        )
    return base_dir / Path(value.strip()).expanduser()


def _region(value: Any, marked: MarkedYaml) -> str | None:
    if value is None:
        return None
    from crmhealth.checks.formats.phone import is_known_region

    if not isinstance(value, str) or not is_known_region(value):
        raise UserError(
            f"region '{value}' is not a region libphonenumber knows; use an ISO 3166 "
            "code such as CN, US, GB, HK",
            marked.where(("region",)),
        )
    return value.upper()


def _weights(value: Any, marked: MarkedYaml) -> dict[str, float]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise UserError(
            "weights must map dimensions to numbers, e.g. {accuracy: 2}", marked.where(("weights",))
        )
    weights = {}
    for name, weight in value.items():
        if name not in DIMENSIONS:
            raise UserError(
                f"unknown dimension '{name}'" + did_you_mean(name, DIMENSIONS),
                marked.where(("weights", name)),
            )
        try:
            number = float(weight)
        except (TypeError, ValueError):
            number = -1.0
        if isinstance(weight, bool) or not 0 <= number < math.inf:
            raise UserError(
                f"weight of {name} must be a finite number ≥ 0", marked.where(("weights", name))
            )
        weights[name] = number
    return weights


def _sources(value: Any, marked: MarkedYaml, base_dir: Path) -> dict[str, SourceRef]:
    if not isinstance(value, dict) or not value:
        raise UserError(
            "`sources:` must map table names to files, e.g. `contacts: exports/contacts.csv`",
            marked.where(("sources",)),
        )
    sources = {}
    for name, entry in value.items():
        where = marked.where(("sources", name))
        raw = {"path": entry} if isinstance(entry, str) else entry
        if not isinstance(raw, dict):
            raise UserError(f"source '{name}' must be a path or a mapping with `path:`", where)
        try:
            spec = SourceSpec.model_validate(raw)
            spec.resolved_kind()
            if spec.encoding:
                codecs.lookup(spec.encoding)
        except ValidationError as exc:
            error = _pydantic_error(exc, marked, ("sources", name), f"source '{name}'")
            raise _extra_key_hint(error, raw, list(SourceSpec.model_fields)) from None
        except LookupError:
            raise UserError(
                f"source '{name}': unknown encoding '{raw.get('encoding')}'",
                marked.where(("sources", name, "encoding")),
            ) from None
        except ValueError as exc:
            raise UserError(f"source '{name}': {exc}", where) from None
        sources[name] = resolve(name, spec, base_dir, where)
    return sources


def _checks(
    value: Any, marked: MarkedYaml, sources: dict[str, SourceRef], region: str | None
) -> tuple[CheckSpec, ...]:
    if not isinstance(value, list) or not value:
        raise UserError("`checks:` must be a list of checks", marked.where(("checks",)))
    checks: list[CheckSpec] = []
    seen_ids: dict[str, int] = {}
    for index, raw in enumerate(value):
        where = marked.where(("checks", index))
        if not isinstance(raw, dict):
            raise UserError("each check must be a mapping with `type:` and `table:`", where)
        type_name = raw.get("type")
        if not isinstance(type_name, str) or type_name not in REGISTRY:
            shown = "missing `type:`" if type_name is None else f"unknown check type '{type_name}'"
            raise UserError(
                shown + did_you_mean(str(type_name or ""), list(REGISTRY)),
                marked.where(("checks", index, "type")),
            )
        model = REGISTRY[type_name]
        label = f"check {raw.get('id') or index + 1} ({type_name})"
        try:
            check = model.model_validate(raw)
        except ValidationError as exc:
            error = _pydantic_error(exc, marked, ("checks", index), label)
            raise _extra_key_hint(error, raw, list(model.model_fields)) from None
        for table in sorted(check.tables_used()):
            if table not in sources:
                field = "table" if table == check.table else None
                raise UserError(
                    f"{label}: no source named '{table}'" + did_you_mean(table, sources),
                    marked.where(("checks", index, field) if field else ("checks", index)),
                )
        if problem := check.problem_with_rules(region):
            raise UserError(f"{label}: {problem}", where)
        if check.check_id in seen_ids:
            raise UserError(
                f"check id '{check.check_id}' is used twice (also check {seen_ids[check.check_id]}"
                "); give one of them a distinct `id:`",
                where,
            )
        written = raw.get("id") is not None
        _check_id_length(
            check.check_id, written, marked.where(("checks", index, "id")) if written else where
        )
        seen_ids[check.check_id] = index + 1
        checks.append(check)
    return tuple(checks)


def _check_id_length(check_id: str, written: bool, where: str) -> None:
    """Refuse a check id too long to name its fix-list file."""
    chars, size = len(check_id), len(check_id.encode("utf-8"))
    if chars <= MAX_ID_CHARS and size <= MAX_ID_BYTES:
        return
    shown = check_id[:40] + "…"
    fix = "shorten its `id:`" if written else "give it a shorter `id:`"
    raise UserError(
        f"check id '{shown}' is too long ({chars} characters, {size} bytes): ids name the "
        f"fix-list files, so keep them to {MAX_ID_CHARS} characters and {MAX_ID_BYTES} bytes "
        f"(66 Chinese characters); {fix}",
        where,
    )
