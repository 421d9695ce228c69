"""``crmhealth init``: profile a client's export and write the rules to audit it.

Files → every table (``discover``) → column profiles by header and content (``profile``, with
the header knowledge in ``headers.json``) → proposed checks with reasons (``plan``) → a commented
rules file (``writer``, comments in English or Chinese from ``messages``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from crmhealth.init.discover import expand_folders, profile_exports
from crmhealth.init.messages import Lang
from crmhealth.init.output import write_new_file
from crmhealth.init.plan import Plan, build_plan
from crmhealth.init.writer import render
from crmhealth.rules import Rules


def plan_for(paths: list[Path], base_dir: Path, today: date | None = None) -> Plan:
    """The checks ``init`` proposes for the exports at `paths`; source paths in the plan are
    relative to `base_dir` (the rules file's folder)."""
    reference = today or date.today()
    return build_plan(profile_exports(paths, base_dir, reference))


def rules_text(
    paths: list[Path],
    base_dir: Path,
    lang: Lang = "en",
    today: date | None = None,
    rules_name: str | None = None,
) -> tuple[str, Plan]:
    """The rules file ``init`` writes for the exports at `paths` (to be saved as `rules_name`),
    and the plan behind it."""
    plan = plan_for(paths, base_dir, today)
    if not plan.checks:
        from crmhealth.errors import UserError

        raise UserError(
            "nothing recognised to check; write the checks by hand (`crmhealth checks` lists "
            "them with examples)",
            ", ".join(str(p) for p in paths),
        )
    return render(plan, lang, [p.name for p in paths], rules_name), plan


def rules_for_exports(paths: list[Path], today: date | None = None) -> Rules:
    """The validated rules ``init`` would write for `paths`, ready to audit; sources keep the
    paths as given (for the report), and the rules carry no file of their own."""
    import dataclasses
    import tempfile

    from crmhealth.rules import load_rules

    with tempfile.TemporaryDirectory(prefix="crmhealth-init-") as scratch:
        folder = Path(scratch)
        text, _ = rules_text(paths, folder, "en", today)
        target = folder / "rules.yaml"
        target.write_text(text, encoding="utf-8")
        loaded = load_rules(target)
        by_file = {p.resolve(): str(p) for p in expand_folders(paths)}
        resolved = {name: ref.path.resolve() for name, ref in loaded.sources.items()}
    sources = {
        name: dataclasses.replace(
            ref,
            path=resolved[name],
            spec=ref.spec.model_copy(update={"path": by_file.get(resolved[name], ref.label)}),
        )
        for name, ref in loaded.sources.items()
    }
    return dataclasses.replace(loaded, path=Path("crmhealth-init.yaml"), sources=sources)


__all__ = ["Lang", "Plan", "plan_for", "rules_for_exports", "rules_text", "write_new_file"]
