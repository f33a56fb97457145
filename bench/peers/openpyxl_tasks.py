"""openpyxl peer of the writer benchmark (for information): the same Tasks sheet as
xlsxwriter_tasks.py — typed cells, number formats, widths, frozen header, an Excel table — in
openpyxl's write-only mode, its fastest.

Usage: python3 openpyxl_tasks.py <input.json> <out.xlsx>
"""
import sys

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from common import parse_wall_clock, read_input, report_rss


def main(source, target):
    data = read_input(source)
    columns = data["columns"]
    rows = data["report"]["rows"]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Tasks")
    for index, column in enumerate(columns):
        dimension = sheet.column_dimensions[get_column_letter(index + 1)]
        dimension.width = column["width"]
        dimension.hidden = column["hidden"]
    sheet.freeze_panes = "B2"
    sheet.append([column["label"] for column in columns])
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column["field"])
            kind = column["kind"]
            if value is None or value == "":
                cells.append(None)
                continue
            if kind == "duration" and isinstance(value, (int, float)):
                value = value / 86400
            elif kind == "date" and isinstance(value, str):
                value = parse_wall_clock(value) or value
            cell = WriteOnlyCell(sheet, value=value)
            if column["numFmt"] is not None and not isinstance(value, str):
                cell.number_format = column["numFmt"]
            cells.append(cell)
        sheet.append(cells)
    ref = f"A1:{get_column_letter(len(columns))}{max(2, len(rows) + 1)}"
    table = Table(displayName="Tasks", ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    sheet.add_table(table)
    workbook.save(target)
    report_rss()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
