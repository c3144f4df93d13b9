"""Glassbox on Apache Spark: partitions run the glassbox binary, the driver merges (docs/spark.md)."""

from .cli import run

__all__ = ["run"]
__version__ = "0.1.0"
