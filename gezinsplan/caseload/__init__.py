"""The columnar caseload: households as Parquet tables, one per source, for engines that
work on whole caseloads (SQL over DuckDB, PostgreSQL or Spark)."""
