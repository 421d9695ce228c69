"""The rules file is written whole, never over an existing file, with or without hard links."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from crmhealth.errors import UserError
from crmhealth.init.output import write_new_file


def test_written_whole_and_never_replaced(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "rules.yaml"
    write_new_file(target, "version: 1\n")
    assert target.read_text(encoding="utf-8") == "version: 1\n"
    with pytest.raises(UserError, match="never overwrites"):
        write_new_file(target, "other\n")
    assert target.read_text(encoding="utf-8") == "version: 1\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["rules.yaml"]  # no temp left


def test_without_hard_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(src: object, dst: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "rules.yaml"
    write_new_file(target, "version: 1\n")
    assert target.read_text(encoding="utf-8") == "version: 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["rules.yaml"]


def test_a_folder_that_cannot_be_made(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(UserError, match="cannot write the rules file"):
        write_new_file(blocker / "rules.yaml", "version: 1\n")
