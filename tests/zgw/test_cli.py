"""``gezinsplan zgw push``: dry run, a real push to the fake, and one-line errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from gezinsplan.cli import main
from gezinsplan.model.household import Household
from gezinsplan.plan.model import Plan
from gezinsplan.store.db import store
from gezinsplan.store.repository import save_case
from gezinsplan.zgw import push as push_module
from gezinsplan.zgw.client import ZgwClient
from gezinsplan.zgw.config import ZgwConfig
from tests.zgw import fake
from tests.zgw.conftest import PEIL, PLANTED_BSN

Case = tuple[Household, Plan, Plan]

CONFIG = f"""\
zaken_url = "{fake.ZAKEN}"
documenten_url = "{fake.DOCUMENTEN}"
client_id = "{fake.CLIENT_ID}"
rsin = "{fake.RSIN}"
zaaktype = "{fake.ZAAKTYPE}"
informatieobjecttype = "{fake.INFORMATIEOBJECTTYPE}"
roltype_gezinslid = "{fake.ROLTYPE_GEZINSLID}"
roltype_regisseur = "{fake.ROLTYPE_REGISSEUR}"
backoff = 0
"""


def _store(url: str, household: Household, *plans: Plan) -> None:
    with store(url) as factory:
        for plan in plans:
            with factory() as s, s.begin():
                save_case(
                    s,
                    household,
                    [],
                    plan,
                    caseworker="test",
                    reason="test",
                    rules_version="r",
                    peildatum=PEIL,
                )


@pytest.fixture
def setup(tmp_path: Path, case: Case, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Path]:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    household, first, _ = case
    _store(url, household, first)
    config = tmp_path / "zgw.toml"
    config.write_text(CONFIG)
    monkeypatch.setenv("GEZINSPLAN_ZGW_SECRET", fake.SECRET)
    monkeypatch.delenv("GEZINSPLAN_ZGW_CONFIG", raising=False)
    return url, config


def test_a_dry_run_prints_the_requests_and_sends_nothing(
    setup: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, config = setup

    def no_network(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("a dry run must not send")

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", no_network)
    result = CliRunner().invoke(
        main,
        [
            "zgw",
            "push",
            "vb-02",
            "--db",
            url,
            "--config",
            str(config),
            "--dry-run",
            "--with-bsn",
            "m1",
        ],
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(f"GET {fake.ZAKEN}/zaken?identificatie=GZP-vb-02&bronorganisatie=")
    assert out.count("Authorization: Bearer ***") == out.count("\nPOST ") + out.count("GET ")
    assert fake.SECRET not in result.output
    assert "eyJ" not in result.output
    assert PLANTED_BSN not in result.output
    assert '"inpBsn": "***"' in out
    assert '"inhoud": "<base64, ' in out
    assert '"taal": "dut"' in out
    assert "proefdraai: 14 verzoek(en) voor zaak GZP-vb-02 (plan versie 1); niets verstuurd" in (
        result.stderr
    )


def test_push_and_push_again(
    setup: tuple[str, Path], case: Case, monkeypatch: pytest.MonkeyPatch, specs: None
) -> None:
    url, config = setup
    zaaksysteem = fake.FakeZaaksysteem()

    def client(cfg: ZgwConfig, transport: httpx.BaseTransport | None = None) -> ZgwClient:
        return ZgwClient(cfg, transport=transport or zaaksysteem.transport)

    monkeypatch.setattr(push_module, "ZgwClient", client)
    args = ["zgw", "push", "vb-02", "--db", url, "--config", str(config)]
    runner = CliRunner()
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("zaak GZP-vb-02 aangemaakt: zaak aangemaakt")
    again = runner.invoke(main, args)
    assert again.stdout == "zaak GZP-vb-02: plan versie 1 stond er al; niets veranderd\n"
    household, _, second = case
    _store(url, household, second)
    newer = runner.invoke(main, args)
    assert newer.stdout.startswith("zaak GZP-vb-02 bijgewerkt: brief van plan versie 2")
    assert len(zaaksysteem.documenten) == 2
    assert len(zaaksysteem.zaken) == 1
    # the letter sent is the one `store letter` writes for that version
    letter = runner.invoke(main, ["store", "letter", "vb-02", "--format", "html", "--db", url])
    contents = {
        d["identificatie"]: zaaksysteem.contents[k] for k, d in zaaksysteem.documenten.items()
    }
    assert contents["GZP-vb-02-v2"].decode() == letter.stdout
    assert not zaaksysteem.violations

    zaaksysteem.fail("POST", "/enkelvoudiginformatieobjecten", status=500, times=5)
    _store(url, household, second.model_copy(update={"notices": ("nog een versie",)}))
    broken = runner.invoke(main, args)
    assert broken.exit_code == 1
    assert broken.stderr.startswith("Error: zaak GZP-vb-02 gevonden, document niet (")
    assert broken.stderr.count("\n") == 1


def test_errors_a_user_can_cause_are_one_line(setup: tuple[str, Path], tmp_path: Path) -> None:
    url, config = setup
    runner = CliRunner()
    nobody = runner.invoke(main, ["zgw", "push", "nobody", "--db", url, "--config", str(config)])
    assert nobody.exit_code == 1
    assert nobody.stderr == "Error: no household 'nobody' in the store\n"
    no_config = runner.invoke(
        main, ["zgw", "push", "vb-02", "--db", url, "--config", str(tmp_path / "none.toml")]
    )
    assert no_config.stderr.startswith("Error: ")
    assert no_config.stderr.count("\n") == 1
    assert "cannot read" in no_config.stderr
    no_bsn = runner.invoke(
        main,
        [
            "zgw",
            "push",
            "vb-02",
            "--db",
            url,
            "--config",
            str(config),
            "--dry-run",
            "--with-bsn",
            "m2",
        ],
    )
    assert no_bsn.stderr == (
        "Error: BSN asked for member 'm2': the household holds no BSN for it\n"
    )
