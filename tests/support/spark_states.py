"""Runs SQL over a CSV of answers in Apache Spark (local mode) and writes
the result rows as JSON lines.

    python3 spark_states.py answers.csv query.sql out.jsonl

The CSV has the columns segment (string), ts (epoch ms), score (integer);
it is the view `answers` of the query.
"""
import json
import sys

from pyspark.sql import SparkSession


def main(csv_path, sql_path, out_path):
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("cx-metrics-states")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        answers = spark.read.csv(csv_path, header=True, schema="segment STRING, ts BIGINT, score INT")
        answers.createOrReplaceTempView("answers")
        with open(sql_path, encoding="utf-8") as f:
            sql = f.read()
        with open(out_path, "w", encoding="utf-8") as out:
            for row in spark.sql(sql).toLocalIterator():
                out.write(json.dumps(row.asDict()) + "\n")
    finally:
        spark.stop()


if __name__ == "__main__":
    main(*sys.argv[1:4])
