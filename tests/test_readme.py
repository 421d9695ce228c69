"""The README's check reference is generated from the check docstrings and cannot drift."""

from __future__ import annotations

from pathlib import Path

from crmhealth.docs import README_BEGIN, README_END, readme_reference

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_reference_matches_the_check_docstrings() -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split(README_BEGIN, 1)[1].split(README_END, 1)[0]
    assert section.strip() == readme_reference().strip(), (
        "README check reference is stale: run `python -m crmhealth.docs`"
    )


def test_readme_quick_start_runs_the_example_and_the_tests() -> None:
    text = README.read_text(encoding="utf-8")
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "crmhealth audit rules.example.yaml" in text
    test_command = next(line for line in ci.splitlines() if "pytest" in line)
    assert test_command in text, ".ci/run must run exactly the README's test command"
