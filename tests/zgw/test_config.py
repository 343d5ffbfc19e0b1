"""The ZGW configuration: files, environment variables, one-line errors, no secret shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from gezinsplan.errors import ZgwConfigError
from gezinsplan.zgw.auth import make_token
from gezinsplan.zgw.config import load_config

TOML = """\
[zgw]
zaken_url = "https://zaken.example.nl/api/v1/"
documenten_url = "https://documenten.example.nl/api/v1"
client_id = "gezinsplan"
rsin = "002220647"
zaaktype = "https://catalogi.example.nl/api/v1/zaaktypen/1"
informatieobjecttype = "https://catalogi.example.nl/api/v1/informatieobjecttypen/2"
roltype_gezinslid = "https://catalogi.example.nl/api/v1/roltypen/3"
roltype_regisseur = "https://catalogi.example.nl/api/v1/roltypen/4"
timeout = 5
"""

YAML = """\
zaken_url: https://zaken.example.nl/api/v1
documenten_url: https://documenten.example.nl/api/v1
client_id: gezinsplan
rsin: "002220647"
zaaktype: https://catalogi.example.nl/api/v1/zaaktypen/1
informatieobjecttype: https://catalogi.example.nl/api/v1/informatieobjecttypen/2
roltype_gezinslid: https://catalogi.example.nl/api/v1/roltypen/3
roltype_regisseur: https://catalogi.example.nl/api/v1/roltypen/4
retries: 1
"""

SECRET = "zeer-geheim-4b1d"


def test_a_toml_file_with_the_secret_from_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "zgw.toml"
    path.write_text(TOML)
    config = load_config(path, {"GEZINSPLAN_ZGW_SECRET": SECRET})
    assert config.zaken_url == "https://zaken.example.nl/api/v1"
    assert config.verantwoordelijke_organisatie == config.rsin == "002220647"
    assert config.timeout == 5.0
    assert config.retries == 3
    assert SECRET not in repr(config)
    assert make_token(config)


def test_a_yaml_file_the_secret_file_and_environment_overrides(tmp_path: Path) -> None:
    path = tmp_path / "zgw.yaml"
    path.write_text(YAML)
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET + "\n")
    env = {
        "GEZINSPLAN_ZGW_SECRET_FILE": str(secret),
        "GEZINSPLAN_ZGW_CLIENT_ID": "andere-client",
        "GEZINSPLAN_ZGW_CONFIG": str(path),
    }
    config = load_config(None, env)
    assert config.secret == SECRET
    assert config.client_id == "andere-client"
    assert config.retries == 1


def test_only_environment_variables() -> None:
    env = {
        f"GEZINSPLAN_ZGW_{line.split(':')[0].upper()}": line.split(": ", 1)[1].strip('"')
        for line in YAML.splitlines()
    }
    env["GEZINSPLAN_ZGW_SECRET"] = SECRET
    assert load_config(None, env).retries == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ('rsin = "002220647"', "rsin: expected an RSIN (9 digits passing the elfproef)"),
        ('zaaktype = "https://catalogi', "zaaktype: expected an http(s) URL"),
        ("timeout = 5", "timeout: seconds, more than 0 and at most 600"),
        ('client_id = "gezinsplan"', "unknown key 'clientid'"),
        ('rsin = "002220647"\n', "missing rsin (in the file or as $GEZINSPLAN_ZGW_RSIN)"),
    ],
)
def test_a_bad_file_is_one_line_naming_the_key(tmp_path: Path, change: str, message: str) -> None:
    replacement = {
        'rsin = "002220647"': 'rsin = "123456789"',
        'zaaktype = "https://catalogi': 'zaaktype = "catalogi',
        "timeout = 5": "timeout = 0",
        'client_id = "gezinsplan"': 'clientid = "gezinsplan"',
        'rsin = "002220647"\n': "",
    }[change]
    path = tmp_path / "zgw.toml"
    path.write_text(TOML.replace(change, replacement))
    with pytest.raises(ZgwConfigError) as caught:
        load_config(path, {"GEZINSPLAN_ZGW_SECRET": SECRET})
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert SECRET not in str(caught.value)


def test_no_secret_no_file_and_bad_syntax(tmp_path: Path) -> None:
    path = tmp_path / "zgw.toml"
    path.write_text(TOML)
    with pytest.raises(ZgwConfigError, match=r"no secret: set secret_file, or \$GEZINSPLAN_ZGW"):
        load_config(path, {})
    with pytest.raises(ZgwConfigError, match=r"cannot read"):
        load_config(tmp_path / "missing.toml", {})
    path.write_text("[zgw\n")
    with pytest.raises(ZgwConfigError, match=r"zgw.toml: not valid TOML"):
        load_config(path, {})
    other = tmp_path / "zgw.ini"
    other.write_text("x")
    with pytest.raises(ZgwConfigError, match=r"expected a .toml, .yaml or .yml file"):
        load_config(other, {})
