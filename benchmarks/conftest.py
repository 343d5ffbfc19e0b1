"""Benchmark fixtures: rule sets scaled by cloning rules, typical households."""
