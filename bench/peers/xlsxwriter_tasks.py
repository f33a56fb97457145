"""xlsxwriter peer of the writer benchmark: the Tasks sheet as an Excel table (TableStyleMedium2,
banded rows) with the same typed cells, number formats, widths, hidden columns, frozen header and
AUROC colour scale, shared strings and deflate, in xlsxwriter's default (in-memory) mode.

Usage: python3 xlsxwriter_tasks.py <input.json> <out.xlsx>
"""
import sys

import xlsxwriter

from common import parse_wall_clock, read_input, report_rss


def main(source, target):
    data = read_input(source)
    columns = data["columns"]
    rows = data["report"]["rows"]
    workbook = xlsxwriter.Workbook(target)
    sheet = workbook.add_worksheet("Tasks")
    formats = {}
    for index, column in enumerate(columns):
        fmt = None
        if column["numFmt"] is not None:
            fmt = formats.setdefault(column["numFmt"], workbook.add_format({"num_format": column["numFmt"]}))
        sheet.set_column(index, index, column["width"], fmt, {"hidden": column["hidden"]})
    for r, row in enumerate(rows, start=1):
        for c, column in enumerate(columns):
            value = row.get(column["field"])
            if value is None or value == "":
                continue
            kind = column["kind"]
            fmt = formats.get(column["numFmt"]) if column["numFmt"] is not None else None
            if kind == "duration" and isinstance(value, (int, float)):
                sheet.write_number(r, c, value / 86400, fmt)
            elif isinstance(value, (int, float)):
                sheet.write_number(r, c, value, fmt)
            elif kind == "date" and parse_wall_clock(value) is not None:
                sheet.write_datetime(r, c, parse_wall_clock(value), fmt)
            else:
                sheet.write_string(r, c, value)
    last = max(1, len(rows))
    sheet.add_table(
        0,
        0,
        last,
        len(columns) - 1,
        {"style": "Table Style Medium 2", "columns": [{"header": column["label"]} for column in columns]},
    )
    for c, column in enumerate(columns):
        if column["field"] == "auroc":
            sheet.conditional_format(1, c, last, c, {"type": "3_color_scale"})
    sheet.freeze_panes(1, 1)
    workbook.close()
    report_rss()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
