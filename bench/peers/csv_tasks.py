"""Python csv-module peer of the writer benchmark: the same CSV as the project's (its machine columns,
UTF-8 with BOM, CRLF, minimal quoting) from the same JSON rows.

Usage: python3 csv_tasks.py <input.json> <out.csv>
"""
import csv
import sys

from common import read_input, report_rss

COLUMNS = [
    "task_id", "task_name", "status", "auroc", "auroc_rank", "created_at", "completed_at",
    "duration_seconds", "train_feature_id", "train_feature_name", "train_bucket", "train_file_path",
    "test_feature_id", "test_feature_name", "test_bucket", "test_file_path", "line_count", "disk_usage",
    "disk_usage_bytes", "fail_message", "fetch_error", "model", "period",
]


def main(source, target):
    rows = read_input(source)["report"]["rows"]
    with open(target, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow(["" if row.get(name) is None else row.get(name) for name in COLUMNS])
    report_rss()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
