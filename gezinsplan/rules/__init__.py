"""Rules: declarative rule files, dated parameters, the engines and assess()."""
