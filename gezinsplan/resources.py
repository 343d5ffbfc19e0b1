"""Locate the data shipped with the package: rule files, example households and variants.

In a wheel the top-level ``rules/``, ``examples/households/`` and ``examples/variants/``
folders are packaged under ``gezinsplan/_data/``; in a source checkout (editable install)
they are found beside the package.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["default_rules_dir", "examples_dir", "variants_dir"]


def _data_path(*parts: str) -> Path:
    packaged = Path(str(resources.files("gezinsplan"))).joinpath("_data", *parts)
    if packaged.exists():
        return packaged
    return Path(__file__).resolve().parent.parent.joinpath(*parts)


def default_rules_dir() -> Path:
    """The shipped rule catalogue (``rules/``)."""
    return _data_path("rules")


def examples_dir() -> Path:
    """The shipped example households (``examples/households/``)."""
    return _data_path("examples", "households")


def variants_dir() -> Path:
    """The shipped example Taskforce variants (``examples/variants/``)."""
    return _data_path("examples", "variants")
