"""Rules engines behind one interface (:mod:`gezinsplan.engines.base`).

Registered engines:

- ``"python"``: the plain-Python reference evaluator (:mod:`.reference`), the baseline
  every other engine is proven against;
- ``"durable"``: durable_rules (:mod:`.durable`, imported only when first compiled, so
  the library works where its C extension cannot load).

A new engine is one module with a ``compile(rules)`` function returning an object with a
thread-safe ``evaluate(facts, params)``, and one :func:`register_engine` call below.
"""

from __future__ import annotations

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
    "canonical_matches",
    "compile_rules",
    "engine_names",
    "engine_spec",
    "register_engine",
]


def _compile_durable(rules: Sequence[Rule]) -> CompiledRules:
    try:
        from gezinsplan.engines.durable import compile_durable
    except ImportError as e:
        raise EngineError(
            "the durable_rules engine cannot be loaded on this Python "
            f"({type(e).__name__}: {e}). On Python 3.13 reinstall it with "
            "CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject pip install --no-binary "
            ":all: --force-reinstall durable-rules==2.0.28, or use engine='python'"
        ) from None
    return compile_durable(rules)


register_engine(
    EngineSpec("durable", "durable_rules 2.0.28 (C core, compiled rulesets)", _compile_durable)
)
register_engine(EngineSpec("python", "plain-Python reference evaluator", compile_reference))


def compile_rules(rules: Sequence[Rule], engine: str) -> CompiledRules:
    """Compile ``rules`` for the engine registered as ``engine``."""
    return engine_spec(engine).compile(rules)
