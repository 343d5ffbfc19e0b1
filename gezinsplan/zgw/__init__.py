"""The plan as a zaak: push a household's plan version to a zaaksysteem that speaks the
ZGW Zaken API 1.5 and Documenten API 1.5 (docs/zgw.md).

::

    from datetime import date
    from gezinsplan.zgw import load_config, push_plan

    result = push_plan("vb-02", load_config("zgw.toml"), today=date(2026, 12, 7))
    print(result.summary())

Needs the ``zgw`` extra (httpx and PyJWT): ``pip install 'gezinsplan[zgw]'``.
"""

from gezinsplan.zgw.config import ZgwConfig, load_config
from gezinsplan.zgw.push import PushResult, SentRequest, push_plan, push_version

__all__ = ["PushResult", "SentRequest", "ZgwConfig", "load_config", "push_plan", "push_version"]
