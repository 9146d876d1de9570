"""CSV downloads that open safely in a spreadsheet.

A cell holding text a customer wrote may start with ``=``, ``+``, ``-``, ``@`` (or a tab or
carriage return): a spreadsheet would run it as a formula (CSV injection, OWASP). Such cells get
a leading apostrophe, which spreadsheets show as text. The file starts with a UTF-8 byte order
mark so that Excel reads Chinese correctly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from aiohttp import web

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """``value``, with text a spreadsheet would read as a formula turned into plain text."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def as_written(cell: str) -> str:
    """The text a :func:`spreadsheet_safe` cell was made from (for files read back in)."""
    if cell.startswith("'") and cell[1:].startswith(_FORMULA_STARTS):
        return cell[1:]
    return cell


def csv_text(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """The rows as CSV (a header line, then one line per row), every cell spreadsheet-safe."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: spreadsheet_safe(row.get(name)) for name in columns})
    return buffer.getvalue()


def csv_response(
    rows: Iterable[Mapping[str, Any]], columns: Sequence[str], filename: str
) -> web.Response:
    """A CSV attachment named ``filename``."""
    return web.Response(
        body=("\ufeff" + csv_text(rows, columns)).encode("utf-8"),
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
