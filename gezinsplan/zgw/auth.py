"""Authentication as the ZGW APIs do it: a JWT signed with HS256 by the client's secret.

The claims are ``iss`` and ``client_id`` (both the client id), ``iat`` (now, in seconds)
and, when configured, ``user_id`` and ``user_representation``; the token goes in
``Authorization: Bearer <token>``. A fresh token is made for every request, so a long
push never sends a stale ``iat``.
"""

from __future__ import annotations

import time
import warnings
from typing import Any

from gezinsplan.errors import ZgwConfigError
from gezinsplan.zgw.config import ZgwConfig

__all__ = ["REDACTED", "authorization_header", "make_token"]

REDACTED = "Bearer ***"
"""What is shown wherever the Authorization header would be printed."""


def make_token(config: ZgwConfig, *, now: float | None = None) -> str:
    """A ZGW JWT (HS256) for ``config.client_id``, signed with ``config.secret``."""
    try:
        import jwt
    except ModuleNotFoundError:
        raise ZgwConfigError(
            "pushing to a zaaksysteem needs PyJWT: pip install 'gezinsplan[zgw]'"
        ) from None
    claims: dict[str, Any] = {
        "iss": config.client_id,
        "client_id": config.client_id,
        "iat": int(time.time() if now is None else now),
    }
    if config.user_id:
        claims["user_id"] = config.user_id
    if config.user_representation:
        claims["user_representation"] = config.user_representation
    with warnings.catch_warnings():
        # ZGW secrets are often shorter than the 32 bytes PyJWT recommends (docs/zgw.md)
        warnings.filterwarnings("ignore", message=".*HMAC key.*", category=Warning)
        return str(jwt.encode(claims, config.secret, algorithm="HS256"))


def authorization_header(config: ZgwConfig, *, now: float | None = None) -> str:
    """The value of the ``Authorization`` header: ``Bearer <token>``."""
    return f"Bearer {make_token(config, now=now)}"
