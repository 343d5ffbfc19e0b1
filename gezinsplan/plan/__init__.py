"""One plan per household: graph, regisseur choice, plan builder and rendering."""
