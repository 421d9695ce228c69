"""YAML loading that remembers where every value was written, for errors like ``rules.yaml:14:7``.

The loader builds plain Python data (dicts, lists, scalars) and, beside it, a map from each value's
path (a tuple of keys and list indexes) to its 1-based line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from crmhealth.errors import UserError

PathKey = tuple[str | int, ...]


@dataclass
class MarkedYaml:
    """Parsed YAML data plus the position of each value in the file."""

    data: Any
    file: str
    marks: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: PathKey) -> str:
        """``file:line:col`` of the value at `path`, or of its nearest enclosing value."""
        probe = tuple(path)
        while probe:
            if probe in self.marks:
                line, col = self.marks[probe]
                return f"{self.file}:{line}:{col}"
            probe = probe[:-1]
        line, col = self.marks.get((), (1, 1))
        return f"{self.file}:{line}:{col}"


class _Loader(yaml.SafeLoader):
    """SafeLoader (never constructs Python objects) that keeps dates as ISO text too."""


# Keep timestamps/dates as strings: the rules models parse them, so errors point at the line.
_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_STANDARD_TAGS = ("tag:yaml.org,2002:",)
MAX_DEPTH = 32
MAX_VALUES = 100_000


def _scalar(node: yaml.ScalarNode, loader: _Loader) -> Any:
    """A plain scalar keeps the text it was written as; the rules models type each field.

    YAML 1.1 would read `values: [yes, no]` as booleans, `010` as the octal number 8 and
    `column: 2024` as an integer, all of which are text to a CRM; `warn: 0.9` becomes a number
    where the check's model declares one, so the loader needs no list of numeric keys.
    """
    value = loader.construct_object(node, deep=True)
    if node.style is not None or value is None or isinstance(value, str):
        return value
    return node.value


def _walk(
    node: yaml.Node,
    loader: _Loader,
    path: PathKey,
    marks: dict[PathKey, tuple[int, int]],
    source: str,
) -> Any:
    marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if not node.tag.startswith(_STANDARD_TAGS) or "python/" in node.tag:
        # A tag on a list or mapping would otherwise be dropped silently; none is ever needed.
        where = f"{source}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"
        raise UserError(
            f"line {node.start_mark.line + 1} has a YAML tag ({node.tag}), which a rules file "
            "may not use; remove it",
            where,
        )
    # Aliases (&anchor / *anchor) may repeat a node; a cycle or an exponential "billion laughs"
    # expansion must end in an error, not in a hang or a RecursionError.
    if len(path) > MAX_DEPTH or len(marks) > MAX_VALUES:
        where = f"{source}:{node.start_mark.line + 1}"
        raise UserError(
            "the rules are nested too deeply or expand to too many values "
            "(an alias that refers to itself?)",
            where,
        )
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # resolve `<<: *defaults` merge keys
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, loader) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, (str, int, float, bool)) or key is None:
                line = key_node.start_mark.line + 1
                raise UserError("a mapping key must be a plain value", f"{source}:{line}")
            if key in result:
                line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                raise UserError(f"key '{key}' is given twice", f"{source}:{line}:{col}")
            key_text = str(key)
            result[key_text] = _walk(value_node, loader, (*path, key_text), marks, source)
            # The key's position, not its value's: "unknown key" errors point at the key.
            marks[(*path, key_text)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, loader, (*path, i), marks, source) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    return _scalar(node, loader)


def yaml_hint(exc: yaml.MarkedYAMLError, line: int | None) -> str:
    """What a PyYAML error usually means, in plain words, for the line it points at.

    PyYAML speaks of its parser ("expected <block end>, but found '<block mapping start>'");
    the user needs to know which line to look at and what is typically wrong there.
    """
    problem, context = exc.problem or "", exc.context or ""
    at = f"line {line}" if line else "the line shown"
    opened = exc.context_mark.line + 1 if exc.context_mark else line
    if "quoted scalar" in context and "end of stream" in problem:
        return f"the quote opened on {at} is never closed"
    if problem.startswith("expected <block end>, but found '-'"):
        return f"check the indentation of {at}: a '- ' list item must sit under a key"
    if problem.startswith("expected <block end>, but found '<scalar>'"):
        return f"{at} has text after a quoted value; put the whole value in quotes"
    if problem.startswith("expected <block end>") or problem.startswith("expected <block"):
        return f"check the indentation of {at}: keys of one mapping must line up"
    if problem == "mapping values are not allowed here":
        return f"check the indentation of {at}, or put a value that contains ': ' in quotes"
    if "character '\\t'" in problem:
        return f"{at} has a tab; indent with spaces"
    if "cannot start any token" in problem:
        return f"a value on {at} starts with a character YAML reserves; put it in quotes"
    if "unknown escape character" in problem:
        return (
            f"inside double quotes a backslash starts an escape ({at}); write a regular "
            "expression in single quotes, e.g. '\\d+'"
        )
    if "expected ',' or ']'" in problem:
        return f"the [ opened on line {opened} is not closed with ]"
    if "expected ',' or '}'" in problem:
        return f"the {{ opened on line {opened} is not closed with }}"
    if problem.startswith("found undefined alias"):
        return f"an alias (*name) on {at} refers to no anchor (&name) defined before it"
    if problem == "could not find expected ':'":
        return f"a key on line {opened} needs ': ' after it"
    if "another document" in problem:
        return f"the file holds a second YAML document ('---' on {at}); keep one"
    if "directive" in context:
        return f"a value starting with '%' must be put in quotes ({at})"
    return f"check the syntax of {at}"


def load_marked_yaml(path: Path, display_name: str | None = None) -> MarkedYaml:
    """Read a YAML file into plain data with positions; YAML syntax errors become UserError."""
    name = display_name or str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError("rules file not found; check the path", name) from None
    except UnicodeDecodeError:
        raise UserError("rules file is not UTF-8 text; save it as UTF-8", name) from None
    except OSError as exc:
        raise UserError(f"cannot read the rules file: {exc.strerror}", name) from None
    loader = _Loader(text)
    marks: dict[PathKey, tuple[int, int]] = {}
    try:
        node = loader.get_single_node()
        data = {} if node is None else _walk(node, loader, (), marks, name)
    except yaml.MarkedYAMLError as exc:
        # An unterminated quote is reported at the end of the file; its opening line is the
        # useful place (the context mark).
        opened = exc.context is not None and "quoted scalar" in exc.context
        mark = (exc.context_mark if opened else None) or exc.problem_mark or exc.context_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        problem = exc.problem or exc.context or "invalid YAML"
        hint = yaml_hint(exc, mark.line + 1 if mark else None)
        raise UserError(f"invalid YAML: {hint} (PyYAML: {problem})", where) from None
    except yaml.YAMLError as exc:
        raise UserError(f"invalid YAML: {exc}", name) from None
    finally:
        loader.dispose()
    return MarkedYaml(data=data, file=name, marks=marks)
