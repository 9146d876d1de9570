"""CSV downloads: a customer's text never runs as a spreadsheet formula, Chinese survives Excel."""

import csv
import io

import pytest

from ticketing.web.csv_files import as_written, csv_response, csv_text, spreadsheet_safe


@pytest.mark.parametrize("formula", ["=1+1", "+86 138", "-2", "@SUM(A1)", "\t=x", "\r=x"])
def test_text_a_spreadsheet_would_run_as_a_formula_becomes_plain_text(formula) -> None:
    assert spreadsheet_safe(formula) == "'" + formula
    assert as_written(spreadsheet_safe(formula)) == formula


@pytest.mark.parametrize("value", ["我要退货", "a=b", "", 3, 0.5, None])
def test_other_values_are_left_alone(value) -> None:
    assert spreadsheet_safe(value) == value
    if isinstance(value, str):
        assert as_written(value) == value


def test_rows_become_a_header_and_one_line_each_with_only_the_asked_columns() -> None:
    text = csv_text(
        [{"text": '=HYPERLINK("x")', "times": 2, "extra": "x"}, {"text": "怎么退货", "times": 1}],
        ["text", "times"],
    )
    assert list(csv.reader(io.StringIO(text))) == [
        ["text", "times"],
        ['\'=HYPERLINK("x")', "2"],
        ["怎么退货", "1"],
    ]


def test_the_download_is_utf8_with_a_byte_order_mark_and_a_file_name() -> None:
    response = csv_response([{"text": "怎么退货"}], ["text"], "missed.csv")
    assert response.body.startswith("\ufefftext".encode())
    assert response.content_type == "text/csv" and response.charset == "utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="missed.csv"'
