"""CSV files that open safely in a spreadsheet: downloads (the roster, grades, the audit log)
and the check class-list imports use to refuse a cell a spreadsheet would run."""

import csv

from django.http import HttpResponse

# Spreadsheets run a cell starting with these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_download(filename: str) -> tuple[HttpResponse, "csv._writer"]:
    """A CSV attachment and a writer for it; the BOM makes spreadsheets read it as UTF-8.
    Cells from users must still go through spreadsheet_safe."""
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    response.write("\ufeff")
    return response, csv.writer(response)


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def spreadsheet_safe(value) -> str:
    text = str(value)
    return f"'{text}" if looks_like_formula(text) else text
