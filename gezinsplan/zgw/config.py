"""The configuration of a ZGW push: where the zaaksysteem is and who we are.

Read from a TOML or YAML file (``--config FILE``, else ``$GEZINSPLAN_ZGW_CONFIG``) and
from environment variables ``GEZINSPLAN_ZGW_<KEY>`` (upper case), which win over the
file. The keys (docs/zgw.md describes each)::

    zaken_url, documenten_url, client_id, secret | secret_file, rsin,
    verantwoordelijke_organisatie, zaaktype, informatieobjecttype,
    roltype_gezinslid, roltype_regisseur, identificatie_prefix,
    vertrouwelijkheidaanduiding, auteur, user_id, user_representation,
    timeout, retries, backoff

The secret never appears in a repr, a message or a log line.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from gezinsplan.errors import ZgwConfigError
from gezinsplan.model.bsn import is_valid_bsn

__all__ = ["CONFIG_ENV", "ENV_PREFIX", "KEYS", "ZgwConfig", "load_config"]

ENV_PREFIX = "GEZINSPLAN_ZGW_"
"""Environment variables ``GEZINSPLAN_ZGW_<KEY>`` set (and override) each key."""
CONFIG_ENV = "GEZINSPLAN_ZGW_CONFIG"
"""The configuration file used when ``--config`` is not given."""

_REQUIRED = (
    "zaken_url",
    "documenten_url",
    "client_id",
    "rsin",
    "zaaktype",
    "informatieobjecttype",
    "roltype_gezinslid",
    "roltype_regisseur",
)
_URLS = (
    "zaken_url",
    "documenten_url",
    "zaaktype",
    "informatieobjecttype",
    "roltype_gezinslid",
    "roltype_regisseur",
)
_VERTROUWELIJKHEID = (
    "openbaar",
    "beperkt_openbaar",
    "intern",
    "zaakvertrouwelijk",
    "vertrouwelijk",
    "confidentieel",
    "geheim",
    "zeer_geheim",
)
KEYS = (
    *_REQUIRED,
    "secret",
    "secret_file",
    "verantwoordelijke_organisatie",
    "identificatie_prefix",
    "vertrouwelijkheidaanduiding",
    "auteur",
    "user_id",
    "user_representation",
    "timeout",
    "retries",
    "backoff",
)
"""Every configuration key (a file or environment variable with another key is refused)."""


@dataclass(frozen=True)
class ZgwConfig:
    """Everything a push needs to know about the zaaksysteem (see docs/zgw.md).

    ``secret`` is left out of the repr and of every message.
    """

    zaken_url: str
    documenten_url: str
    client_id: str
    secret: str = field(repr=False)
    rsin: str
    zaaktype: str
    informatieobjecttype: str
    roltype_gezinslid: str
    roltype_regisseur: str
    verantwoordelijke_organisatie: str = ""
    identificatie_prefix: str = "GZP"
    vertrouwelijkheidaanduiding: str = "vertrouwelijk"
    auteur: str = "gezinsplan"
    user_id: str = ""
    user_representation: str = ""
    timeout: float = 10.0
    retries: int = 3
    backoff: float = 0.5

    def __post_init__(self) -> None:
        for key in _URLS:
            value = getattr(self, key)
            parsed = urlparse(value)
            if parsed.scheme not in ("http", "https") or not parsed.netloc:
                raise ZgwConfigError(f"zgw config: {key}: expected an http(s) URL")
        for key in ("zaken_url", "documenten_url"):
            object.__setattr__(self, key, getattr(self, key).rstrip("/"))
        if not self.client_id:
            raise ZgwConfigError("zgw config: client_id: must not be empty")
        if not self.secret:
            raise ZgwConfigError(
                "zgw config: no secret: set secret_file, or $GEZINSPLAN_ZGW_SECRET"
            )
        if not self.verantwoordelijke_organisatie:
            object.__setattr__(self, "verantwoordelijke_organisatie", self.rsin)
        for key in ("rsin", "verantwoordelijke_organisatie"):
            value = getattr(self, key)
            if len(value) != 9 or not is_valid_bsn(value):
                raise ZgwConfigError(
                    f"zgw config: {key}: expected an RSIN (9 digits passing the elfproef)"
                )
        if not self.identificatie_prefix or len(self.identificatie_prefix) > 12:
            raise ZgwConfigError("zgw config: identificatie_prefix: 1 to 12 characters")
        if self.vertrouwelijkheidaanduiding not in _VERTROUWELIJKHEID:
            raise ZgwConfigError(
                "zgw config: vertrouwelijkheidaanduiding: one of " + ", ".join(_VERTROUWELIJKHEID)
            )
        if not 0 < self.timeout <= 600:
            raise ZgwConfigError("zgw config: timeout: seconds, more than 0 and at most 600")
        if not 0 <= self.retries <= 10:
            raise ZgwConfigError("zgw config: retries: 0 to 10")
        if not 0 <= self.backoff <= 60:
            raise ZgwConfigError("zgw config: backoff: seconds, 0 to 60")
        if not 1 <= len(self.auteur) <= 200:
            raise ZgwConfigError("zgw config: auteur: 1 to 200 characters")

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], source: str = "zgw config") -> ZgwConfig:
        """A config from plain values (as read from a file or the environment)."""
        unknown = sorted(set(values) - set(KEYS))
        if unknown:
            raise ZgwConfigError(
                f"{source}: unknown key {unknown[0]!r} (known: {', '.join(sorted(KEYS))})"
            )
        missing = [k for k in _REQUIRED if values.get(k) in (None, "")]
        if missing:
            raise ZgwConfigError(
                f"{source}: missing {', '.join(missing)} (in the file or as "
                f"${ENV_PREFIX}{missing[0].upper()})"
            )
        args: dict[str, Any] = {}
        for key, value in values.items():
            if key in ("secret", "secret_file"):
                continue
            if key == "timeout" or key == "backoff":
                args[key] = _number(value, key, source)
            elif key == "retries":
                args[key] = int(_number(value, key, source, whole=True))
            else:
                if not isinstance(value, str | int) or isinstance(value, bool):
                    raise ZgwConfigError(f"{source}: {key}: expected text")
                args[key] = str(value)
        args["secret"] = _secret(values, source)
        return cls(**args)


def _number(value: Any, key: str, source: str, *, whole: bool = False) -> float:
    if isinstance(value, bool):
        raise ZgwConfigError(f"{source}: {key}: expected a number")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ZgwConfigError(f"{source}: {key}: expected a number") from None
    if whole and not number.is_integer():
        raise ZgwConfigError(f"{source}: {key}: expected a whole number")
    return number


def _secret(values: Mapping[str, Any], source: str) -> str:
    secret = values.get("secret")
    if secret not in (None, ""):
        if not isinstance(secret, str):
            raise ZgwConfigError(f"{source}: secret: expected text")
        return secret
    path = values.get("secret_file")
    if path in (None, ""):
        return ""
    try:
        text = Path(str(path)).expanduser().read_text(encoding="utf-8").strip()
    except OSError as e:
        raise ZgwConfigError(
            f"{source}: secret_file {path}: cannot read ({e.strerror or type(e).__name__})"
        ) from None
    if not text:
        raise ZgwConfigError(f"{source}: secret_file {path}: the file is empty")
    return text


def _read_file(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ZgwConfigError(f"{path}: cannot read ({e.strerror or type(e).__name__})") from None
    try:
        if path.suffix.lower() == ".toml":
            data: Any = tomllib.loads(raw.decode("utf-8"))
        elif path.suffix.lower() in (".yaml", ".yml"):
            data = yaml.safe_load(raw.decode("utf-8"))
        else:
            raise ZgwConfigError(f"{path}: expected a .toml, .yaml or .yml file")
    except (tomllib.TOMLDecodeError, yaml.YAMLError, UnicodeDecodeError) as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise ZgwConfigError(f"{path}: not valid {path.suffix[1:].upper()}: {first}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ZgwConfigError(f"{path}: expected keys and values at the top")
    if isinstance(data.get("zgw"), dict):  # a [zgw] table / zgw: section
        data = data["zgw"]
    return {str(k): v for k, v in data.items()}


def load_config(
    path: str | Path | None = None, environ: Mapping[str, str] | None = None
) -> ZgwConfig:
    """Read the configuration: ``path`` (else ``$GEZINSPLAN_ZGW_CONFIG``) and the
    ``GEZINSPLAN_ZGW_*`` environment variables, which win over the file.

    Raises :class:`~gezinsplan.errors.ZgwConfigError` with one line naming the key.
    """
    env = os.environ if environ is None else environ
    if path is None and env.get(CONFIG_ENV):
        path = env[CONFIG_ENV]
    values: dict[str, Any] = {}
    source = "zgw config (environment)"
    if path is not None:
        values = _read_file(Path(path))
        source = str(path)
    for key in KEYS:
        value = env.get(ENV_PREFIX + key.upper())
        if value:
            values[key] = value
    return ZgwConfig.from_mapping(values, source)
