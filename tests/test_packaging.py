"""The package works when installed non-editable: rule files and examples come from package data."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("gezinsplan-*.whl")
    return found


def test_wheel_contains_rules_examples_and_typing_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "gezinsplan/py.typed" in names
    shipped_params = {
        f"gezinsplan/_data/rules/{p.relative_to(ROOT / 'rules').as_posix()}"
        for p in (ROOT / "rules").rglob("*.yaml")
    }
    assert shipped_params
    assert shipped_params <= names
    examples = {
        f"gezinsplan/_data/examples/households/{p.name}"
        for p in (ROOT / "examples" / "households").glob("*.json")
    }
    assert examples
    assert examples <= names
    tariffs = {
        f"gezinsplan/costs/tarieven/{p.relative_to(ROOT / 'gezinsplan/costs/tarieven').as_posix()}"
        for p in (ROOT / "gezinsplan" / "costs" / "tarieven").rglob("*.yaml")
    }
    assert tariffs  # the example tariffs the monitor prices with by default
    assert tariffs <= names


def test_installed_wheel_finds_its_data_outside_the_source_tree(
    wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import gezinsplan, gezinsplan.resources as r;"
        "from gezinsplan.rules.parameters import load_parameters;"
        "print(gezinsplan.__file__);"
        "print(r.default_rules_dir());"
        "print(len(load_parameters(r.default_rules_dir() / 'parameters')))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    module_file, rules_dir, count = proc.stdout.split("\n")[:3]
    assert module_file.startswith(str(site))
    assert rules_dir.startswith(str(site))
    assert int(count) >= 1


def test_wheel_carries_its_licence_and_project_urls(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    names = set(archive.namelist())
    (licence,) = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
    text = archive.read(licence).decode("utf-8")
    assert "EUROPEAN UNION PUBLIC LICENCE v. 1.2" in text
    (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
    meta = archive.read(metadata).decode("utf-8")
    assert "License-Expression: EUPL-1.2" in meta
    urls = [line for line in meta.splitlines() if line.startswith("Project-URL: ")]
    assert {u.split(": ", 1)[1].split(",")[0] for u in urls} >= {"Homepage", "Source", "Issues"}


def test_wheel_ships_the_example_variants(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    variants = ROOT / "examples" / "variants"
    shipped = {
        f"gezinsplan/_data/examples/variants/{p.relative_to(variants).as_posix()}"
        for p in variants.rglob("*")
        if p.is_file()
    }
    assert any(n.endswith("een_toegang/variant.yaml") for n in shipped)
    assert shipped <= names
