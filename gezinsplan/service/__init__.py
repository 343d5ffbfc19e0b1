"""The HTTP service for case software not written in Python (see docs/embedding.md).

Needs the ``service`` extra (``pip install 'gezinsplan[service]'``): FastAPI and uvicorn.
"""

from __future__ import annotations

from gezinsplan.service.app import DEFAULT_MAX_BODY_BYTES, create_app

__all__ = ["DEFAULT_MAX_BODY_BYTES", "create_app"]
