"""Apache Spark: a table (``spark: db.table``) or a file Spark reads (``spark: /lake/c.parquet``).

The session is Spark's own: ``spark-submit``/``pyspark`` configuration, ``SPARK_REMOTE`` for a
Spark Connect server (``sc://host:15002``), else ``CRMHEALTH_SPARK_MASTER`` (default
``local[*]``: this machine). The pushdown executor runs the checks' SQL in that session, so a
lakehouse table is counted by the cluster that holds it; what stays local pulls only its columns,
cast to text by Spark.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Sequence
from typing import Any

import polars as pl

from crmhealth.errors import UserError, did_you_mean
from crmhealth.sources.base import SourceRef
from crmhealth.sources.server import ServerLoader

_FORMATS = {".parquet": "parquet", ".csv": "csv", ".json": "json", ".orc": "orc"}


@functools.lru_cache(maxsize=1)
def spark_session() -> Any:
    """The Spark session crmhealth runs in (created once per process)."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("crmhealth")
    if not os.environ.get("SPARK_REMOTE"):
        builder = (
            builder.master(os.environ.get("CRMHEALTH_SPARK_MASTER", "local[*]"))
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "4")
        )
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


class SparkLoader(ServerLoader):
    """A Spark table or file, read and queried through Spark SQL."""

    extra = "spark"
    product = "Spark"

    def quote(self, identifier: str) -> str:
        return "`" + identifier.replace("`", "``") + "`"

    def text(self, column: str, arrow_type: str) -> str:
        return f"CAST({column} AS STRING)"

    def _session(self, ref: SourceRef) -> Any:
        try:
            import pyspark  # noqa: F401
        except ImportError:
            raise self._missing_driver(ref, "pyspark") from None
        return spark_session()

    def _view(self, ref: SourceRef) -> str:
        return "crmhealth_" + re.sub(r"\W", "_", ref.name)

    @functools.lru_cache(maxsize=64)  # noqa: B019 - loaders live as long as the process
    def _registered(self, ref: SourceRef) -> tuple[str, ...]:
        """Register the source as a temporary view; its column names."""
        spark = self._session(ref)
        target = ref.spec.spark or ""
        try:
            suffix = os.path.splitext(target)[1].lower()
            if "/" in target or suffix in _FORMATS:
                reader = spark.read.format(_FORMATS.get(suffix, "parquet"))
                if suffix == ".csv":
                    reader = reader.option("header", "true")
                frame = reader.load(target)
            else:
                frame = spark.table(target)
        except Exception as exc:  # Spark's AnalysisException and friends
            raise self._spark_error(ref, spark, exc) from None
        frame.createOrReplaceTempView(self._view(ref))
        return tuple(frame.columns)

    def _spark_error(self, ref: SourceRef, spark: Any, exc: Exception) -> UserError:
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        target = ref.spec.spark or ""
        if "TABLE_OR_VIEW_NOT_FOUND" in text or "PATH_NOT_FOUND" in text:
            hint = ""
            if "/" not in target:
                try:
                    names = [t.name for t in spark.catalog.listTables()]
                    hint = did_you_mean(target, names)
                except Exception:  # the hint is optional
                    hint = ""
            return UserError(f"source '{ref.name}': Spark has no table or path '{target}'{hint}",
                             ref.where)  # fmt: skip
        return UserError(f"source '{ref.name}': Spark cannot read '{target}': {text[:300]}",
                         ref.where)  # fmt: skip

    def column_names(self, ref: SourceRef) -> list[str]:
        return list(self._registered(ref))

    def column_sql(self, ref: SourceRef, column: str) -> str:
        return self.text(self.quote(column), "")

    def from_sql(self, ref: SourceRef) -> str:
        self._registered(ref)
        return self.quote(self._view(ref))

    def query(self, ref: SourceRef, sql: str) -> pl.DataFrame:
        spark = self._session(ref)
        try:
            frame = pl.from_arrow(spark.sql(sql).toArrow())
        except Exception as exc:
            raise self._spark_error(ref, spark, exc) from None
        assert isinstance(frame, pl.DataFrame)
        return frame

    def load(self, ref: SourceRef, columns: Sequence[str] | None) -> pl.DataFrame:
        names = list(columns) if columns is not None else self.column_names(ref)
        select = (
            ", ".join(f"{self.column_sql(ref, n)} AS {self.quote(n)}" for n in names)
            or "1 AS crmhealth_row"
        )
        frame = self.query(ref, f"SELECT {select} FROM {self.from_sql(ref)}")
        if not names:
            return frame.select([])
        return frame.select(pl.all().cast(pl.String))
