"""Runs SQL over a CSV of answers in Apache Spark (local mode) and writes
the result rows as JSON lines.

    python3 spark_states.py answers.csv query.sql out.jsonl [view schema]

The CSV is the view `view` (default `answers`) with the columns of
`schema` (default: segment (string), ts (epoch ms), score (integer)). The
file may hold several queries separated by ";" lines; the rows of all are
written, in order.
"""
import json
import sys

from pyspark.sql import SparkSession


def main(csv_path, sql_path, out_path, view="answers", schema="segment STRING, ts BIGINT, score INT"):
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("cx-metrics-states")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        table = spark.read.csv(csv_path, header=True, schema=schema)
        table.createOrReplaceTempView(view)
        with open(sql_path, encoding="utf-8") as f:
            queries = [q for q in f.read().split("\n;\n") if q.strip()]
        with open(out_path, "w", encoding="utf-8") as out:
            for sql in queries:
                for row in spark.sql(sql).toLocalIterator():
                    out.write(json.dumps(row.asDict()) + "\n")
    finally:
        spark.stop()


if __name__ == "__main__":
    main(*sys.argv[1:6])
