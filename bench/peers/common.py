"""Shared by the Python peers of the writer benchmark (bench/writers.ts): reading its JSON input
and reporting the process's peak RSS as the last line on stdout, as the Node writers do."""
import json
import resource
import sys
from datetime import datetime


def read_input(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def parse_wall_clock(text):
    """`2024-11-26T11:48:16` (or with a space) as a naive datetime; None when it is not one."""
    try:
        return datetime.fromisoformat(text[:19])
    except ValueError:
        return None


def report_rss():
    # ru_maxrss is in KiB on Linux.
    print(json.dumps({"maxRssKb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
    sys.stdout.flush()
