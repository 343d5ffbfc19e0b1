"""Rules engines behind one interface (:mod:`gezinsplan.engines.base`).

Registered engines:

- ``"python"``: the plain-Python reference evaluator (:mod:`.reference`), the baseline
  every other engine is proven against;
- ``"durable"``: durable_rules (:mod:`.durable`, imported only when first compiled, so
  the library works where its C extension cannot load).

The default engine (:func:`default_engine`) is durable_rules where its C extension loads
and otherwise the reference evaluator, which is proven to give identical signals; the
switch is announced once (:func:`fallback_notice`, logged on the ``gezinsplan`` logger).

A new engine is one module with a ``compile(rules)`` function returning an object with a
thread-safe ``evaluate(facts, params)``, and one :func:`register_engine` call below.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence

from gezinsplan.engines.base import (
    Binding,
    CompiledRules,
    EngineSpec,
    Matches,
    canonical_matches,
    engine_names,
    engine_spec,
    register_engine,
)
from gezinsplan.engines.reference import compile_reference
from gezinsplan.errors import EngineError
from gezinsplan.rules.ruleset import Rule

__all__ = [
    "Binding",
    "CompiledRules",
    "EngineSpec",
    "Matches",
    "available_engines",
    "canonical_matches",
    "compile_rules",
    "default_engine",
    "engine_names",
    "engine_spec",
    "fallback_notice",
    "register_engine",
]

PREFERRED_ENGINE = "durable"
"""The engine chosen by default where it can run."""
FALLBACK_ENGINE = "python"
"""The engine chosen by default where the preferred one cannot run (identical signals)."""
_LOG = logging.getLogger("gezinsplan")


@functools.cache
def _durable_unavailable() -> str | None:
    """Why durable_rules cannot be loaded here (None when it can); checked once."""
    try:
        import gezinsplan.engines.durable  # noqa: F401
    except ImportError as e:
        return (
            f"the durable_rules engine cannot be loaded on this Python ({type(e).__name__}: "
            f"{e}). On Python 3.13 reinstall it with CPPFLAGS=-DPyEval_CallObject="
            "PyObject_CallObject pip install --no-binary :all: --no-cache-dir "
            "--force-reinstall durable-rules==2.0.28, or use engine='python'"
        )
    return None


def _compile_durable(rules: Sequence[Rule]) -> CompiledRules:
    reason = _durable_unavailable()
    if reason is not None:
        raise EngineError(reason)
    from gezinsplan.engines.durable import compile_durable

    return compile_durable(rules)


register_engine(
    EngineSpec(
        "durable",
        "durable_rules 2.0.28 (C core, compiled rulesets)",
        _compile_durable,
        _durable_unavailable,
    )
)
register_engine(EngineSpec("python", "plain-Python reference evaluator", compile_reference))


def compile_rules(rules: Sequence[Rule], engine: str) -> CompiledRules:
    """Compile ``rules`` for the engine registered as ``engine``."""
    return engine_spec(engine).compile(rules)


def fallback_notice() -> str | None:
    """One line saying why the default engine is not the preferred one (None when it is)."""
    reason = engine_spec(PREFERRED_ENGINE).unavailable()
    if reason is None:
        return None
    first = reason.split(". ")[0]
    return (
        f"notice: {first}; using the {FALLBACK_ENGINE!r} engine instead, which gives "
        "identical signals (see docs/embedding.md, 'Engines')"
    )


@functools.cache
def default_engine() -> str:
    """``"durable"`` where durable_rules loads, else ``"python"`` (announced once)."""
    notice = fallback_notice()
    if notice is None:
        return PREFERRED_ENGINE
    _LOG.warning(notice)
    return FALLBACK_ENGINE


def available_engines() -> tuple[str, ...]:
    """The registered engines that can run on this machine."""
    return tuple(n for n in engine_names() if engine_spec(n).unavailable() is None)
