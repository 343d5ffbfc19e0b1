"""The synthetic caseload generator: deterministic, streaming, valid and calibrated."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from gezinsplan.cli import main
from gezinsplan.generate import (
    CALIBRATION_TARGETS,
    generate_households,
    measure_calibration,
    write_generated,
)
from gezinsplan.io import dumps_household, iter_caseload, parse_household
from gezinsplan.model.household import Household

PEIL = date(2026, 1, 1)
GENERATORS = ("documents", "columnar")


def generated(generator: str, n: int, seed: int) -> list[Household]:
    """``n`` households of either generator, validated (the columnar one's documents)."""
    if generator == "documents":
        return list(generate_households(n, seed))
    from gezinsplan.caseload.documents import DOCUMENTS
    from gezinsplan.caseload.synth import generate_tables

    docs = generate_tables(seed, 0, n, PEIL)[DOCUMENTS].column("document").to_pylist()
    return [parse_household(json.loads(d)) for d in docs]


def digest(n: int, seed: int) -> str:
    buf = io.StringIO()
    write_generated(n, seed, buf)
    return hashlib.sha256(buf.getvalue().encode()).hexdigest()


def test_same_seed_same_bytes_different_seed_different_bytes() -> None:
    assert digest(300, 5) == digest(300, 5)
    assert digest(300, 5) != digest(300, 6)


def test_same_bytes_across_processes_with_different_hash_seeds(tmp_path: Path) -> None:
    outs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / f"c{hash_seed}.jsonl"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "gezinsplan",
                "generate",
                "--households",
                "200",
                "--seed",
                "3",
                "--out",
                str(out),
            ],
            check=True,
            capture_output=True,
            env={"PYTHONHASHSEED": hash_seed, "PATH": "/usr/bin:/bin"},
        )
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert outs[0].count(b"\n") == 200


def test_a_slice_equals_the_same_part_of_the_whole() -> None:
    whole = list(generate_households(50, seed=9))
    part = list(generate_households(10, seed=9, start_index=40))
    assert part == whole[40:]


def test_generation_streams() -> None:
    stream = generate_households(10**9, seed=1)
    first = next(stream)
    assert first.id == "gen-1-0"


def test_every_household_is_valid_and_round_trips() -> None:
    for h in generate_households(500, seed=11):
        again = parse_household(json.loads(dumps_household(h, indent=None)))
        assert again == h


@pytest.mark.parametrize("generator", GENERATORS)
def test_calibration_within_tolerance_on_20000_households(generator: str) -> None:
    measured = measure_calibration(generated(generator, 20_000, 2024), PEIL)
    assert measured["households"] == 20_000
    misses = {
        t.metric: (round(measured[t.metric], 4), t.target)
        for t in CALIBRATION_TARGETS
        if abs(measured[t.metric] - t.target) > t.tolerance
    }
    assert not misses


@pytest.mark.parametrize("generator", GENERATORS)
def test_caseload_is_not_clean(generator: str) -> None:
    hs = generated(generator, 3000, 4)
    assert any(h.safety_concerns for h in hs)
    assert any(sum(p.is_casemanager for p in h.professionals) >= 2 for h in hs)
    assert any(
        any(
            16 <= m.age(PEIL) < 18
            and m.education is not None
            and m.education.value == "geen_school"
            for m in h.members
        )
        for h in hs
    )
    assert any(any(m.obligations for m in h.members) for h in hs)
    assert any(h.informal_support and h.informal_support[0].supporter_member for h in hs)
    assert any(p.product.value == "jeugd_ggz" for h in hs for p in h.provisions)


def test_cli_writes_a_valid_file(tmp_path: Path) -> None:
    out = tmp_path / "c.jsonl"
    result = CliRunner().invoke(
        main, ["generate", "--households", "25", "--seed", "8", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert len(list(iter_caseload(out))) == 25
    assert not (tmp_path / "c.jsonl.part").exists()


def test_cli_rejects_a_bad_peildatum(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["generate", "--households", "1", "--out", str(tmp_path / "x.jsonl"), "--peildatum", "x"],
    )
    assert result.exit_code == 2
    assert "expected YYYY-MM-DD" in result.output


def test_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="n must be"):
        list(generate_households(-1, seed=0))


def _profile(hs: list[Household]) -> dict[str, float]:
    """Shares and means beyond the calibration targets (per household unless named)."""
    n = len(hs)
    members = [m for h in hs for m in h.members]
    provisions = [p for h in hs for p in h.provisions]
    return {
        "members": len(members) / n,
        "minors_of_members": sum(m.age(PEIL) < 18 for m in members) / len(members),
        "provisions": len(provisions) / n,
        "toewijzing_of_provisions": sum(p.toewijzingnummer is not None for p in provisions)
        / len(provisions),
        "ended_of_provisions": sum(p.end is not None for p in provisions) / len(provisions),
        "not_granted_of_provisions": sum(p.not_granted for p in provisions) / len(provisions),
        "professionals": sum(len(h.professionals) for h in hs) / n,
        "collaborations": sum(len(p.collaborates_with) for h in hs for p in h.professionals) / n,
        "organisations": sum(len(h.organisations) for h in hs) / n,
        "assessments": sum(len(h.assessments) for h in hs) / n,
        "low_scores": sum(a.score <= 2 for h in hs for a in h.assessments) / n,
        "debts": sum(bool(h.finances and h.finances.debts) for h in hs) / n,
        "eigen_woning": sum(h.housing is not None and h.housing.value == "eigen_woning" for h in hs)
        / n,
        "safety_concerns": sum(bool(h.safety_concerns) for h in hs) / n,
        "informal_support": sum(bool(h.informal_support) for h in hs) / n,
        "parent_links": sum(len(h.parent_links) for h in hs) / n,
        "obligations": sum(bool(m.obligations) for m in members) / n,
        "lvb_of_members": sum(bool(m.disabilities) for m in members) / len(members),
        "care_outside_of_members": sum(m.care_outside_hours is not None for m in members)
        / len(members),
        "aanvraag_of_questions": sum(q.aanvraag_on is not None for h in hs for q in h.questions)
        / sum(len(h.questions) for h in hs),
    }


def test_both_generators_draw_the_same_shapes_of_household() -> None:
    ours = _profile(generated("columnar", 8000, 31))
    theirs = _profile(generated("documents", 8000, 31))
    far = {
        k: (round(ours[k], 4), round(theirs[k], 4))
        for k in theirs
        if abs(ours[k] - theirs[k]) > max(0.01, 0.06 * theirs[k])
    }
    assert not far
