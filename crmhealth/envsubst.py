"""``${VAR}`` in a rules file, replaced from the environment after the YAML is parsed.

Only string values are touched, once, and never re-parsed: a secret holding ``'``, ``#``, ``:``,
``[`` or even ``${OTHER}`` stays exactly that text and can never change the file's structure.
``$${`` writes a literal ``${``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from crmhealth.errors import UserError
from crmhealth.yamlmarks import MarkedYaml, PathKey

_REFERENCE = re.compile(r"\$\$\{|\$\{([^}]*)\}")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def substitute_text(text: str, environ: Mapping[str, str], where: str) -> str:
    """`text` with each ``${NAME}`` replaced by the variable's value."""

    def value(match: re.Match[str]) -> str:
        if match.group(0) == "$${":
            return "${"
        name = match.group(1)
        if not _NAME.fullmatch(name):
            raise UserError(
                f"'${{{name}}}' is not an environment variable reference; names are letters, "
                "digits and _ (write $${ for a literal ${)",
                where,
            )
        if name not in environ:
            raise UserError(
                f"environment variable {name} is not set (the rules file uses ${{{name}}}); "
                f"set it, e.g. export {name}=…",
                where,
            )
        return environ[name]

    return _REFERENCE.sub(value, text)


def substitute_env(marked: MarkedYaml, environ: Mapping[str, str] | None = None) -> MarkedYaml:
    """The parsed rules with ``${VAR}`` replaced in every string value; a missing variable is a
    UserError at the line that uses it."""
    env = os.environ if environ is None else environ

    def walk(value: Any, path: PathKey) -> Any:
        if isinstance(value, str):
            return substitute_text(value, env, marked.where(path)) if "$" in value else value
        if isinstance(value, dict):
            return {k: walk(v, (*path, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, (*path, i)) for i, v in enumerate(value)]
        return value

    return replace(marked, data=walk(marked.data, ()))
