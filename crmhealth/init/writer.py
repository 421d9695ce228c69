"""The rules file ``init`` writes: YAML with a comment on every choice, byte-for-byte the same for
the same export."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from crmhealth.init.messages import Lang, text
from crmhealth.init.plan import Plan
from crmhealth.init.proposal import Proposed, Why

_BREAKS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\u200b-\u200f\u2060\ufeff]")


def scalar(value: Any) -> str:
    """One YAML value in flow style, on one line, quoted where YAML needs it: text with line
    breaks or control characters is double-quoted with escapes."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k)}: {scalar(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    if isinstance(value, str) and _BREAKS.search(value):
        quoted = json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML "…" scalar
        return _BREAKS.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1 << 30)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def comment(line: str) -> str:
    """Text safe inside a YAML comment: no line breaks or invisible characters from CRM data."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", line)


def _why(why: Why, lang: Lang) -> str:
    return text(why.key, lang, **dict(why.args))


def render(plan: Plan, lang: Lang, files: list[str], rules_name: str | None = None) -> str:
    """The commented rules file for `plan`, to be saved as `rules_name`."""
    import shlex

    shown = shlex.quote(rules_name) if rules_name else text("this_file", lang)
    lines = [
        "# " + comment(text("title", lang, files=", ".join(files))),
        "# " + text("review", lang),
        "#   crmhealth audit " + comment(shown),
        "version: 1",
    ]
    if plan.as_of is not None:
        note = text("as_of", lang, column=plan.as_of_from)
        lines.append(f"as_of: {plan.as_of.isoformat()}  # {comment(note)}")
    if plan.region is not None:
        lines.append(f"region: {plan.region}  # {text('region', lang)}")
    used = {p.table for p in plan.checks} | {
        str(p.check[k]).split(".", 1)[0]
        for p in plan.checks
        for k in ("users", "feedback", "references")
        if k in p.check
    }
    lines += ["", "sources:"]
    for table in plan.tables:
        entry = table.entry
        value = scalar(entry["path"]) if set(entry) == {"path"} else scalar(entry)
        counts = {"rows": table.rows, "columns": len(table.columns)}
        if table.name in used:
            kind = text(f"kind_{plan.kinds[table.name]}", lang)
            lines.append(
                f"  {scalar(table.name)}: {value}  # {text('source', lang, kind=kind, **counts)}"
            )
        else:
            if table.problem is not None:
                note = text("unreadable_source", lang, problem=table.problem)
            else:
                key = "empty_source" if table.rows == 0 else "unused_source"
                note = text(key, lang, **counts)
            lines.append(f"  # {scalar(table.name)}: {comment(value)}  # {comment(note)}")
    lines += ["", "checks:"]
    current = None
    for proposed in plan.checks:
        if proposed.table != current:
            current = proposed.table
            table = next(t for t in plan.tables if t.name == current)
            kind = text(f"kind_{plan.kinds[current]}", lang)
            heading = text("table_heading", lang, table=current, kind=kind, rows=table.rows)
            lines += ["", f"  # ── {comment(heading)} ──"]
        lines += _check_lines(proposed, lang)
    return "\n".join(lines) + "\n"


def _check_lines(proposed: Proposed, lang: Lang) -> list[str]:
    lines = [f"  # {comment(_why(why, lang))}" for why in proposed.why]
    first = True
    for key, value in proposed.check.items():
        prefix = "  - " if first else "    "
        first = False
        if key == "values" and proposed.allowed:
            lines.append(f"{prefix}values:")
            for item in proposed.allowed:
                if item.allowed:
                    note = text("rows", lang, rows=item.rows)
                    lines.append(f"      - {scalar(item.value)}  # {note}")
                else:
                    assert item.why is not None
                    note = text(item.why.key, lang, rows=item.rows, **dict(item.why.args))
                    lines.append(f"      # - {comment(scalar(item.value))}  # {comment(note)}")
            continue
        lines.append(f"{prefix}{key}: {scalar(value)}")
    return lines
