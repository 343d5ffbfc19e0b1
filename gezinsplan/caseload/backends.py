"""Where the compiled SQL runs: DuckDB in process, PostgreSQL, Apache Spark SQL.

A backend is small: it makes the caseload's tables visible under their table names
(:meth:`load`), creates a table from a query (:meth:`create`, for the fact views) and
runs a query into an Arrow table (:meth:`fetch`). Queries arrive as SQLGlot expressions
and are rendered in the backend's ``dialect``. Adding a backend is one class with these
four methods and one entry in :data:`BACKENDS`; a backend may offer ``view(name, query)``
too, for fact views read only a few times (DuckDB does).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import pyarrow as pa
from sqlglot import exp

from gezinsplan.errors import EngineError, InputError

__all__ = [
    "BACKENDS",
    "Backend",
    "DuckDBBackend",
    "PostgresBackend",
    "SparkBackend",
    "make_backend",
]


class Backend(Protocol):
    """What the caseload engine needs from a SQL backend."""

    dialect: str

    def load(self, tables: Mapping[str, pa.Table | list[str]]) -> None:
        """Make each table visible by name: an Arrow table or a list of Parquet files."""
        ...

    def create(self, name: str, query: exp.Expr) -> None:
        """Create (or replace) the table ``name`` from ``query``."""
        ...

    def fetch(self, query: exp.Expr) -> pa.Table:
        """Run ``query`` and return its rows."""
        ...

    def close(self) -> None:
        """Free what the backend holds (a connection, cached tables)."""
        ...


_RENDERED: dict[tuple[int, str], tuple[exp.Expr, str]] = {}


def _render(query: exp.Expr, dialect: str) -> str:
    """``query`` as SQL text of ``dialect`` (cached per expression object)."""
    key = (id(query), dialect)
    found = _RENDERED.get(key)
    if found is not None and found[0] is query:
        return found[1]
    text = query.sql(dialect=dialect, identify=True)
    if len(_RENDERED) > 512:
        _RENDERED.clear()
    _RENDERED[key] = (query, text)
    return text


_SORTED: dict[int, tuple[exp.Expr, tuple[str, ...], exp.Expr]] = {}
_CREATES: dict[tuple[int, str, bool, str], tuple[exp.Expr, exp.Create]] = {}


def _create(name: str, query: exp.Expr, replace: bool, kind: str = "TABLE") -> exp.Create:
    """``CREATE TEMPORARY <kind> name AS query``, one object per query object (so that its
    text, rendered once by :func:`_render`, is reused by every chunk of a caseload)."""
    key = (id(query), name, replace, kind)
    found = _CREATES.get(key)
    if found is not None and found[0] is query:
        return found[1]
    create = exp.Create(
        this=exp.to_table(name),
        kind=kind,
        replace=replace,
        expression=query,
        properties=exp.Properties(expressions=[exp.TemporaryProperty()]),
    )
    if len(_CREATES) > 512:
        _CREATES.clear()
    _CREATES[key] = (query, create)
    return create


class DuckDBBackend:
    """DuckDB in this process: reads Parquet folders directly, no server (the default).

    ``memory_limit`` (e.g. ``"1.5GB"``) caps DuckDB's memory; beyond it, it spills to a
    private temporary folder.
    """

    dialect = "duckdb"
    rules_per_query = 16
    """The rules run as several queries of this many: the joins of one query are held
    in memory at once (one query for all rules took 0.7 GB more at 1M households)."""

    def __init__(self, *, threads: int | None = None, memory_limit: str | None = None) -> None:
        import duckdb

        # insertion order is never relied on (results are sorted): less memory, faster
        config: dict[str, Any] = {"preserve_insertion_order": False}
        if threads is not None:
            config["threads"] = threads
        self._spill: str | None = None
        if memory_limit is not None:
            # past the limit DuckDB spills to disk: a private folder, removed on close
            self._spill = tempfile.mkdtemp(prefix="gezinsplan-duckdb-")
            config["memory_limit"] = memory_limit
            config["temp_directory"] = self._spill
        self.con = duckdb.connect(":memory:", config=config)
        # the fact views and rule queries read the same Parquet files many times: their
        # footers are read once (a caseload's files do not change while it is assessed)
        self.con.execute("SET parquet_metadata_cache = true")

    def load(self, tables: Mapping[str, pa.Table | list[str]]) -> None:
        for name, data in tables.items():
            if isinstance(data, list):
                self.con.read_parquet(data).create_view(name)
            else:
                self.con.register(name, data)

    def create(self, name: str, query: exp.Expr) -> None:
        self.con.execute(_render(_create(name, query, replace=True), self.dialect))

    def create_sorted(self, name: str, query: exp.Expr, keys: Sequence[str]) -> None:
        """:meth:`create`, the rows stored in the order of ``keys``: DuckDB keeps the range
        of every column per row group, so a filter on the first keys skips most groups."""
        found = _SORTED.get(id(query))
        if found is None or found[0] is not query or found[1] != tuple(keys):
            ordered = (
                exp.select(exp.Star())
                .from_(exp.paren(query.copy()).as_("c"))
                .order_by(*(exp.column(k, table="c") for k in keys))
            )
            found = _SORTED[id(query)] = (query, tuple(keys), ordered)
            if len(_SORTED) > 64:
                _SORTED.clear()
                _SORTED[id(query)] = found
        self.create(name, found[2])

    def view(self, name: str, query: exp.Expr) -> None:
        """Create (or replace) the view ``name``: ``query`` runs where it is read."""
        self.con.execute(_render(_create(name, query, replace=True, kind="VIEW"), self.dialect))

    def fetch(self, query: exp.Expr) -> pa.Table:
        result: pa.Table = self.con.sql(_render(query, self.dialect)).to_arrow_table()
        return result

    def close(self) -> None:
        self.con.close()
        if self._spill is not None:
            shutil.rmtree(self._spill, ignore_errors=True)


_PG_TYPES = {
    pa.string(): "TEXT",
    pa.bool_(): "BOOLEAN",
    pa.int32(): "INTEGER",
    pa.int64(): "BIGINT",
    pa.float64(): "DOUBLE PRECISION",
    pa.date32(): "DATE",
}


class PostgresBackend:
    """A PostgreSQL server: the caseload is copied into temporary tables of one session.

    ``url`` is a libpq connection string or ``postgresql://`` URL (a SQLAlchemy
    ``postgresql+psycopg://`` URL works too). List columns are left out (the facts do
    not read them).
    """

    dialect = "postgres"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError:
            raise EngineError(
                "the PostgreSQL backend needs psycopg: pip install 'gezinsplan[postgres]'"
            ) from None
        try:
            self.con = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))
        except psycopg.Error as e:
            raise EngineError(f"cannot connect to PostgreSQL: {e}") from None

    def load(self, tables: Mapping[str, pa.Table | list[str]]) -> None:
        import pyarrow.parquet as pq

        for name, data in tables.items():
            table = (
                pa.concat_tables([pq.read_table(f) for f in data])
                if isinstance(data, list)
                else data
            )
            columns = [f for f in table.schema if f.type in _PG_TYPES]
            ddl = exp.Create(
                this=exp.Schema(
                    this=exp.to_table(name),
                    expressions=[
                        exp.ColumnDef(
                            this=exp.to_identifier(f.name),
                            kind=exp.DataType.build(_PG_TYPES[f.type], dialect="postgres"),
                        )
                        for f in columns
                    ],
                ),
                kind="TABLE",
                properties=exp.Properties(expressions=[exp.TemporaryProperty()]),
            )
            names = [f.name for f in columns]
            with self.con.cursor() as cur:
                cur.execute(_render(ddl, self.dialect).encode())
                copy = exp.Copy(
                    this=exp.Schema(
                        this=exp.to_table(name),
                        expressions=[exp.to_identifier(n) for n in names],
                    ),
                    kind=True,
                    files=[exp.var("STDIN")],
                )
                with cur.copy(_render(copy, self.dialect).encode()) as out:
                    for row in table.select(names).to_pylist():
                        out.write_row([row[n] for n in names])
        self.con.commit()

    def create(self, name: str, query: exp.Expr) -> None:
        with self.con.cursor() as cur:
            cur.execute(
                _render(
                    exp.Drop(tables=[exp.to_table(name)], kind="TABLE", exists=True), self.dialect
                ).encode()
            )
            cur.execute(_render(_create(name, query, replace=False), self.dialect).encode())
        self.con.commit()

    def fetch(self, query: exp.Expr) -> pa.Table:
        with self.con.cursor() as cur:
            cur.execute(_render(query, self.dialect).encode())
            names = [d.name for d in cur.description or ()]
            rows = cur.fetchall()
        return (
            pa.Table.from_pylist([dict(zip(names, r, strict=True)) for r in rows])
            if rows
            else (pa.table({n: pa.array([], pa.string()) for n in names}))
        )

    def close(self) -> None:
        self.con.close()


class SparkBackend:
    """Apache Spark SQL through PySpark: local (``local[2]``) or any cluster.

    Pass a ``SparkSession`` (e.g. one built with ``.master("spark://host:7077")`` or on
    a managed cluster) or let the backend start a local one. Parquet folders are read by
    Spark itself, so on a cluster they must lie where every executor can read them
    (HDFS, S3, a shared disk).
    """

    dialect = "spark"

    def __init__(self, session: Any = None, *, master: str = "local[2]") -> None:
        if session is None:
            try:
                from pyspark.sql import SparkSession
            except ImportError:
                raise EngineError(
                    "the Spark backend needs PySpark: pip install 'gezinsplan[spark]'"
                ) from None
            session = (
                SparkSession.builder.master(master)
                .appName("gezinsplan")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate()
            )
        self.spark = session
        self._cached: list[str] = []

    def load(self, tables: Mapping[str, pa.Table | list[str]]) -> None:
        for name, data in tables.items():
            if isinstance(data, list):
                frame = self.spark.read.parquet(*data)
            else:
                frame = (
                    self.spark.createDataFrame(
                        data.drop_columns([f.name for f in data.schema if pa.types.is_list(f.type)])
                    )
                    if data.num_rows
                    else self.spark.createDataFrame([], _spark_schema(data.schema))
                )
            frame.createOrReplaceTempView(name)

    def create(self, name: str, query: exp.Expr) -> None:
        frame = self.spark.sql(_render(query, self.dialect))
        frame.createOrReplaceTempView(name)
        self.spark.catalog.cacheTable(name)
        self._cached.append(name)
        # materialize now: the planner then knows the real sizes (small fact tables are
        # broadcast instead of shuffled)
        self.spark.table(name).count()

    def fetch(self, query: exp.Expr) -> pa.Table:
        frame = self.spark.sql(_render(query, self.dialect))
        if hasattr(frame, "toArrow"):  # PySpark 4: straight to Arrow, no pandas in between
            result: pa.Table = frame.toArrow()
            return result
        return pa.Table.from_pandas(frame.toPandas(), preserve_index=False)

    def close(self) -> None:
        for name in self._cached:
            self.spark.catalog.uncacheTable(name)
        self._cached.clear()


def _spark_schema(schema: pa.Schema) -> Any:
    from pyspark.sql import types as spark_types

    kinds = {
        pa.string(): spark_types.StringType(),
        pa.bool_(): spark_types.BooleanType(),
        pa.int32(): spark_types.IntegerType(),
        pa.int64(): spark_types.LongType(),
        pa.float64(): spark_types.DoubleType(),
        pa.date32(): spark_types.DateType(),
    }
    return spark_types.StructType(
        [spark_types.StructField(f.name, kinds[f.type], True) for f in schema if f.type in kinds]
    )


BACKENDS = ("duckdb", "postgres", "spark")
"""The backends :func:`make_backend` knows."""


def make_backend(name: str, **options: Any) -> Backend:
    """A backend by name: ``duckdb`` (default), ``postgres`` (``url=``), ``spark``."""
    if name == "duckdb":
        return DuckDBBackend(**options)
    if name == "postgres":
        if "url" not in options:
            raise InputError("the postgres backend needs a url")
        return PostgresBackend(options["url"])
    if name == "spark":
        return SparkBackend(options.get("session"), master=options.get("master", "local[2]"))
    raise InputError(f"unknown backend {name!r}: use one of {', '.join(BACKENDS)}")
