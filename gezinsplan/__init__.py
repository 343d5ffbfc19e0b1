"""gezinsplan: one household, one plan."""

__version__ = "0.1.0"
