"""Reads a workbook back with openpyxl as plain cells, for comparing the outputs
of two runs cell by cell (values, and number formats where set)."""

from __future__ import annotations

from pathlib import Path

import openpyxl  # python3-openpyxl

# Labels of the row that names the data source: the one cell allowed to differ between sources.
SOURCE_LABELS = ("数据来源", "数据源", "Source", "Data source")


def cells(path: Path, mask_source: bool = True) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path)
    sheets = {}
    for sheet in book.worksheets:
        rows = []
        for row in sheet.iter_rows():
            values = []
            masked = mask_source and row and isinstance(row[0].value, str) and row[0].value in SOURCE_LABELS
            for i, cell in enumerate(row):
                value = "<source>" if masked and i == 1 else cell.value
                values.append((value, cell.number_format))
            rows.append(tuple(values))
        sheets[sheet.title] = rows
    return sheets


def differences(a: Path, b: Path, limit: int = 10) -> list[str]:
    """Where b's cells differ from a's ([] when identical)."""
    ca, cb = cells(a), cells(b)
    out = []
    if list(ca) != list(cb):
        return [f"sheets differ: {list(ca)} vs {list(cb)}"]
    for name in ca:
        ra, rb = ca[name], cb[name]
        if len(ra) != len(rb):
            out.append(f"{name}: {len(ra)} rows vs {len(rb)}")
        for r, (x, y) in enumerate(zip(ra, rb), start=1):
            if x != y:
                out.append(f"{name} row {r}: {x} vs {y}")
                if len(out) >= limit:
                    return out
    return out
