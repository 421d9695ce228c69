"""The command line: parses arguments, wires rules → engine → reporters, maps outcomes to exit
codes (0 passed, 1 a check failed, 2 the rules, a source or the command line is wrong)."""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from typing_extensions import Buffer

from crmhealth import __version__
from crmhealth.errors import ExitCode, UserError, did_you_mean

if TYPE_CHECKING:
    from crmhealth.history.facts import PreviousTable
    from crmhealth.history.records import RunRecord
    from crmhealth.report.base import RenderOptions, Reporter
    from crmhealth.results import AuditReport
    from crmhealth.rules import Rules

app = typer.Typer(
    name="crmhealth",
    help="Audit the health of a CRM's data: accuracy, completeness, freshness, usage, feedback.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _known_format(value: str | None) -> str | None:
    """``--format`` must name a registered reporter (a usage error, like any bad option)."""
    from crmhealth.report import REPORTERS

    if value is not None and value not in REPORTERS:
        raise typer.BadParameter(f"'{value}' is not one of {', '.join(map(repr, REPORTERS))}")
    return value


class FailOn(str, Enum):
    fail = "fail"
    warn = "warn"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"crmhealth {__version__}")
        raise typer.Exit(ExitCode.OK)


@app.callback()
def main_callback(
    version: Annotated[
        bool | None,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = None,
) -> None:
    """crmhealth: a CRM health auditor."""


def _fail(error: UserError) -> typer.Exit:
    from crmhealth.hints import with_plain_hint
    from crmhealth.report.terminal import printable

    error = UserError(with_plain_hint(error.message), error.where)
    Console(stderr=True, highlight=False, soft_wrap=True).print(
        f"crmhealth: error: {printable(error)}", markup=False
    )
    return typer.Exit(ExitCode.USAGE_ERROR)


def _parse_as_of(text: str | None) -> date | None:
    if text is None:
        return None
    from crmhealth.rules import parse_date_value

    try:
        return parse_date_value(text, "--as-of")
    except ValueError as exc:
        raise UserError(str(exc)) from None


@app.command()
def audit(
    rules: Annotated[
        list[Path],
        typer.Argument(
            metavar="RULES|EXPORT",
            help="The YAML rules file, or data files (CSV, XLSX, SQLite, DuckDB) to audit with "
            "the rules `crmhealth init` would write for them.",
        ),
    ],
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            callback=_known_format,
            help="Report format printed to stdout (default terminal), or of an --output file "
            "whose extension does not say.",
        ),
    ] = None,
    output: Annotated[
        list[Path] | None,
        typer.Option(
            "--output",
            "-o",
            help="Write a report to this file instead of stdout; the format comes from the "
            "extension (.json, .txt, ...). Repeat for several reports from one run. Missing "
            "folders are created; files are replaced atomically.",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Reference date YYYY-MM-DD for ages and windows (overrides the rules). "
            "Taken as given; a date before 1990 or more than a year ahead in the rules file (or "
            "the clock) is refused as a likely typo.",
        ),
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 on failures only, or on warnings too.")
    ] = FailOn.fail,
    export: Annotated[
        Path | None,
        typer.Option(
            "--export",
            help="Write each failing check's rows to DIR/<check-id>.csv (created if missing).",
        ),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="No progress display; terminal format prints only the summary."
        ),
    ] = False,
    show_pii: Annotated[
        bool, typer.Option("--show-pii", help="Do not mask emails and phones in samples.")
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Report language: en or zh (Simplified Chinese); default `lang:` in the rules, "
            "else en.",
        ),
    ] = None,
    history: Annotated[
        Path | None,
        typer.Option(
            "--history",
            help="Compare with earlier runs in this SQLite file and append this run to it "
            "(overrides `history:` in the rules).",
        ),
    ] = None,
) -> None:
    """Run the checks in RULES (or the ones init proposes for EXPORT files) and report."""
    from crmhealth.engine import execute_audit, fix_lists_of
    from crmhealth.report import RenderOptions, fixlist_csv
    from crmhealth.results import Status

    try:
        reference = _parse_as_of(as_of)
        _check_lang(lang)
        targets = _report_targets(format, output or [])
        # An explicit --as-of is trusted as given (and replaces a doubtful one in the rules).
        loaded, generated = _rules_or_exports(rules, trust_as_of=reference is not None)
        inputs = frozenset(
            {loaded.path.resolve()} | {ref.path.resolve() for ref in loaded.sources.values()}
        )
        for path, _ in targets:
            if path is not None and path.resolve() in inputs:
                raise UserError(
                    "--output would overwrite an input of the audit; write the report elsewhere",
                    str(path),
                )
        if export is not None:
            fixlist_csv.check_export_target(export)
        history_path = history or loaded.history
        runs = _read_history(history_path, inputs, targets, export)
        reference = reference or loaded.as_of or date.today()
        progress = _LoadProgress(enabled=not quiet)
        needs_fix_lists = export is not None or any(r.needs_fix_lists for _, r in targets)
        previous = _previous_tables(history_path, runs, reference)
        run = execute_audit(
            loaded,
            as_of=reference,
            keep_failing=needs_fix_lists,
            show_pii=show_pii,
            observe=progress.loading,
            working=progress.working,
            previous=previous,
        )
        report = run.report
        record = None
        if history_path is not None:
            from crmhealth.history.attach import attach_history
            from crmhealth.history.records import run_record

            record = run_record(report, __version__)
            report = attach_history(report, runs)
        fix_lists = fix_lists_of(run) if needs_fix_lists else None
        if export is not None and fix_lists is not None:
            fixlist_csv.write_fix_lists(fix_lists, export, protected=inputs)
        options = RenderOptions(
            show_pii=show_pii,
            quiet=quiet,
            fix_lists=fix_lists,
            lang=lang or loaded.lang or "en",
        )
        _emit(report, targets, options)
        if history_path is not None and record is not None:
            from crmhealth.history.store import append_run

            append_run(history_path, record)
    except UserError as error:
        raise _fail(error) from None
    if generated:
        files = " ".join(_shell_word(str(p)) for p in rules)
        Console(stderr=True, highlight=False, soft_wrap=True).print(
            f"These are the checks `crmhealth init` proposes for {files}; to keep and edit "
            f"them: crmhealth init {files} -o rules.yaml",
            markup=False,
        )
    statuses = {r.status for r in report.results}
    failing = {Status.FAIL, Status.ERROR} | ({Status.WARN} if fail_on is FailOn.warn else set())
    raise typer.Exit(ExitCode.CHECKS_FAILED if statuses & failing else ExitCode.OK)


def _rules_or_exports(paths: list[Path], *, trust_as_of: bool) -> tuple[Rules, bool]:
    """The rules to run: a rules file, or those init proposes for data files (True)."""
    from crmhealth.rules import load_rules
    from crmhealth.sources.listing import data_kind

    data = [p.is_dir() or (p.exists() and data_kind(p) is not None) for p in paths]
    if len(paths) == 1 and not data[0]:
        return load_rules(paths[0], trust_as_of=trust_as_of), False
    if not all(p.exists() for p in paths):
        missing = next(p for p in paths if not p.exists())
        raise UserError("file not found; check the path", str(missing))
    if not all(data):
        rules_file = next(p for p, is_data in zip(paths, data, strict=True) if not is_data)
        raise UserError(
            "give one rules file, or only data files (CSV, XLSX, SQLite, DuckDB)", str(rules_file)
        )
    from crmhealth.init import rules_for_exports

    return rules_for_exports(paths), True


def _shell_word(text: str) -> str:
    import shlex

    return shlex.quote(text)


def _check_lang(lang: str | None) -> None:
    from crmhealth.i18n import LANGUAGES

    if lang is not None and lang not in LANGUAGES:
        raise UserError(f"--lang: unknown language '{lang}'; use one of {', '.join(LANGUAGES)}")


def _read_history(
    path: Path | None,
    inputs: frozenset[Path],
    targets: list[tuple[Path | None, Reporter]],
    export: Path | None,
) -> list[RunRecord]:
    """The stored runs (none without a history), read before the audit so that a bad history
    file stops the run early. The history may be neither an input nor a report, nor inside the
    --export folder (each export replaces that folder whole)."""
    if path is None:
        return []
    from crmhealth.history.store import read_runs

    resolved = path.resolve()
    if resolved in inputs or any(p is not None and p.resolve() == resolved for p, _ in targets):
        raise UserError(
            "the history file is also an input or a report of this audit; give it its own file",
            str(path),
        )
    if export is not None and resolved.is_relative_to(export.resolve()):
        raise UserError(
            "the history file is inside the --export folder, which every export replaces "
            "whole; keep the history elsewhere",
            str(path),
        )
    return read_runs(path)


def _previous_tables(
    path: Path | None, runs: list[RunRecord], as_of: date
) -> dict[str, PreviousTable] | None:
    """The previous run's table facts for the drift checks; None without a history."""
    if path is None:
        return None
    from crmhealth.history.facts import previous_tables

    return previous_tables(runs, as_of)


def _report_targets(format: str | None, outputs: list[Path]) -> list[tuple[Path | None, Reporter]]:
    """(file or None for stdout, reporter) for every report this run writes.

    Each ``--output`` file's format comes from its extension; a file without a known extension
    takes ``--format``. Without ``--output``, ``--format`` (default terminal) goes to stdout.
    """
    from crmhealth.report import REPORTERS, reporter_for_path

    chosen = None
    if format is not None:
        if format not in REPORTERS:
            raise UserError(
                f"--format: unknown format '{format}'" + did_you_mean(format, list(REPORTERS))
            )
        chosen = REPORTERS[format]
    if not outputs:
        reporter = chosen or REPORTERS["terminal"]
        if not reporter.to_stdout:
            raise UserError(
                f"the {reporter.name} format cannot be printed; write it to a file with "
                f"--output report{reporter.extensions[0]}"
            )
        return [(None, reporter)]
    targets: list[tuple[Path | None, Reporter]] = []
    for path in outputs:
        by_extension = reporter_for_path(path)
        if by_extension is not None and chosen not in (None, by_extension) and len(outputs) == 1:
            assert chosen is not None
            raise UserError(
                f"the file's extension means {by_extension.name}, but --format says "
                f"{chosen.name}; change one of them",
                str(path),
            )
        picked = by_extension or chosen
        if picked is None:
            known = ", ".join(e for r in REPORTERS.values() for e in r.extensions)
            raise UserError(
                f"cannot tell the report format from the extension '{path.suffix}'; "
                f"name the file with one of {known}, or give --format",
                str(path),
            )
        targets.append((path, picked))
    return targets


def _emit(
    report: AuditReport, targets: list[tuple[Path | None, Reporter]], options: RenderOptions
) -> None:
    from dataclasses import replace

    for path, reporter in targets:
        if path is None:
            stdout_options = replace(options, is_terminal=sys.stdout.isatty())
            reporter.write(report, stdout_options, _StdoutBytes())
            sys.stdout.flush()
        else:
            _write(path, reporter, report, options)


class _StdoutBytes(io.BytesIO):
    """Bytes written to stdout through its text layer (CliRunner replaces sys.stdout)."""

    def write(self, data: Buffer) -> int:
        chunk = bytes(data)
        text = chunk.decode("utf-8")
        try:
            sys.stdout.write(text)
        except UnicodeEncodeError:
            # stdout cannot encode every character (a Windows job redirecting to a file in
            # cp1252, PYTHONIOENCODING=ascii): the reports are UTF-8, so write them as such
            # rather than crash; escape only if there is no byte layer.
            buffer = getattr(sys.stdout, "buffer", None)
            if buffer is not None:
                sys.stdout.flush()
                buffer.write(chunk)
            else:
                encoding = sys.stdout.encoding or "ascii"
                sys.stdout.write(text.encode(encoding, "backslashreplace").decode(encoding))
        return len(chunk)


def _write(path: Path, reporter: Reporter, report: AuditReport, options: RenderOptions) -> None:
    from crmhealth.atomic import atomic_write_bytes

    try:
        with atomic_write_bytes(path) as handle:
            reporter.write(report, options, handle)
    except OSError as exc:
        raise UserError(f"cannot write the report: {exc.strerror}", str(path)) from None


class _LoadProgress:
    """A spinner on stderr while each source loads (only on a terminal, never with --quiet)."""

    def __init__(self, enabled: bool) -> None:
        self.console = Console(stderr=True)
        self.enabled = enabled and self.console.is_terminal

    @contextlib.contextmanager
    def loading(self, ref: object) -> Iterator[None]:
        from crmhealth.sources import SourceRef

        if not self.enabled or not isinstance(ref, SourceRef):
            yield
            return
        size = ref.path.stat().st_size if ref.path.is_file() else 0
        shown = f"{ref.label}, {size / 1e6:.1f} MB" if size else ref.label  # a server: no size
        label = f"Loading {ref.name} ({shown})…"
        with self.console.status(label):
            yield

    @contextlib.contextmanager
    def working(self, label: str) -> Iterator[None]:
        """A spinner while the checks run (fuzzy matching can take minutes)."""
        if not self.enabled:
            yield
            return
        with self.console.status(f"{label}…"):
            yield


class Lang(str, Enum):
    en = "en"
    zh = "zh"


@app.command()
def init(
    exports: Annotated[
        list[Path],
        typer.Argument(
            metavar="EXPORT",
            help="Data files: CSV (any encoding), XLSX (every sheet), SQLite or DuckDB (every "
            "table); a folder stands for the data files in it.",
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="The rules file to write ('-' for stdout); an existing file is never replaced.",
        ),
    ] = Path("rules.yaml"),
    lang: Annotated[
        Lang, typer.Option("--lang", help="Language of the comments: en or zh.")
    ] = Lang.en,
) -> None:
    """Profile EXPORT files and write a commented rules file that `audit` runs as it is."""
    from crmhealth.init import rules_text, write_new_file

    try:
        to_stdout = str(output) == "-"
        if not to_stdout and output.exists():
            write_new_file(output, "")  # raises: never overwritten
        base_dir = Path.cwd() if to_stdout else output.parent
        console = Console(stderr=True)
        spinner = (
            console.status(f"Profiling {len(exports)} file(s)…")
            if console.is_terminal
            else contextlib.nullcontext()
        )
        with spinner:
            text, plan = rules_text(
                exports, base_dir, lang.value, rules_name=None if to_stdout else str(output)
            )
        if to_stdout:
            sys.stdout.write(text)
            return
        write_new_file(output, text)
    except UserError as error:
        raise _fail(error) from None
    used = sorted({p.table for p in plan.checks})
    typer.echo(
        f"wrote {output}: {len(plan.checks)} checks over {len(used)} tables "
        f"({', '.join(used)}); review it, then run: crmhealth audit {_shell_word(str(output))}"
    )


@app.command()
def validate(
    rules: Annotated[Path, typer.Argument(help="The YAML rules file.")],
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="The reference date the audit will be given, if any."),
    ] = None,
) -> None:
    """Check the rules file, that every table and column it names exists, and that every table
    the checks use can be read: validate refuses exactly what the audit would refuse."""
    from crmhealth.engine import validate_audit
    from crmhealth.rules import load_rules

    try:
        reference = _parse_as_of(as_of)
        loaded = load_rules(rules, trust_as_of=reference is not None)
        inputs = frozenset(
            {loaded.path.resolve()} | {ref.path.resolve() for ref in loaded.sources.values()}
        )
        _read_history(loaded.history, inputs, [], None)  # the rules' history: as the audit reads it
        plan = validate_audit(loaded)
        schemas = {name: list(table.columns) for name, table in plan.tables.items()}
    except UserError as error:
        raise _fail(error) from None
    checks_text = f"{len(loaded.checks)} check{'s' if len(loaded.checks) != 1 else ''}"
    tables_text = f"{len(schemas)} table{'s' if len(schemas) != 1 else ''}"
    typer.echo(f"{rules}: OK — {checks_text} over {tables_text} ({', '.join(schemas)})")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the `--format json` document."""
    import json

    from crmhealth.report.document import json_schema

    typer.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


@app.command()
def checks(
    type_name: Annotated[
        str | None,
        typer.Argument(metavar="TYPE", help="A check type; all types when omitted."),
    ] = None,
) -> None:
    """List the check types, with their documentation and a YAML example each."""
    from crmhealth.checks import REGISTRY
    from crmhealth.docs import all_docs, check_doc

    if type_name is None:
        typer.echo(all_docs())
        return
    if type_name not in REGISTRY:
        raise _fail(
            UserError(f"unknown check type '{type_name}'" + did_you_mean(type_name, list(REGISTRY)))
        )
    typer.echo(check_doc(REGISTRY[type_name]))


@app.command("history")
def history_command(
    path: Annotated[Path, typer.Argument(help="The history file written by audit --history.")],
    format: Annotated[
        str,
        typer.Option("--format", "-f", help="terminal (default), json or html."),
    ] = "terminal",
    check: Annotated[
        str | None, typer.Option("--check", help="Show this check id's series instead.")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
    ] = None,
) -> None:
    """List the recorded runs (as_of, run time, score, grade, change), or one check's series."""
    from crmhealth.history import view
    from crmhealth.history.store import read_runs

    try:
        if format not in view.FORMATS:
            raise UserError(
                f"--format: unknown format '{format}'" + did_you_mean(format, view.FORMATS)
            )
        if not path.exists():
            raise UserError(
                "no history file here; run `crmhealth audit RULES --history PATH` first",
                str(path),
            )
        doc = view.document(str(path), read_runs(path), check)
        if format == "json":
            text = view.render_json(doc)
        elif format == "html":
            text = view.render_html(doc)
        elif output is None and sys.stdout.isatty():
            view.render_terminal(doc, Console(highlight=False))
            return
        else:
            text = view.render_text(doc)
        if output is None:
            sys.stdout.write(text)
            return
        from crmhealth.atomic import atomic_write

        try:
            with atomic_write(output) as handle:
                handle.write(text)
        except OSError as exc:
            raise UserError(f"cannot write: {exc.strerror}", str(output)) from None
    except UserError as error:
        raise _fail(error) from None


def main() -> None:
    """Console-script entry point."""
    app()
