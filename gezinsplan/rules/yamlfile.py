"""Strict YAML for rule and parameter files: safe types only, no aliases, no duplicate keys.

Rule files are data written by people: an alias (``*name``) lets a 1 kB file expand to
gigabytes ("billion laughs"), and a key given twice silently keeps the last value. Both
are refused with the line where they occur.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError

__all__ = ["load_strict_yaml"]


_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML was built with it (about ten times faster), else Python's."""


def _reject_aliases(text: str) -> None:
    """Scan the events (no node is built) and refuse the first alias."""
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, yaml.AliasEvent):
            raise ConstructorError(
                None,
                None,
                "YAML aliases (*name) are not allowed: write the value out",
                event.start_mark,  # type: ignore[arg-type]
            )


class _StrictLoader(_Base):  # type: ignore[misc]
    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                try:
                    first = seen.get(key)
                except TypeError:  # an unhashable key: the base class reports it
                    continue
                if first is not None:
                    raise ConstructorError(
                        None,
                        None,
                        f"duplicate key {key!r} (first on line {first})",
                        key_node.start_mark,
                    )
                seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


def load_strict_yaml(text: str) -> tuple[Any, yaml.Node | None]:
    """The data and the node tree (for line numbers) of one YAML document.

    Raises ``yaml.YAMLError`` (with ``problem`` and ``problem_mark``) on syntax errors,
    aliases, duplicate keys and non-safe tags.
    """
    _reject_aliases(text)
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return data, node
