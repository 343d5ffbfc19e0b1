"""Rules: declarative rule files, dated parameters, the fact schema and explained signals."""
