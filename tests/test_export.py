"""The exported comparison report: its CLI, the HTML's tables (no machine paths, no True/NaN, rounded)."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pandas as pd
import pytest

from core.views import comparison_tables, export


def test_cli_writes_zip_with_html_and_every_table(synthetic_reports, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FER_REPORTS_DIR", str(tmp_path / "elsewhere"))
    out = tmp_path / "report.zip"
    export.main(["--out", str(out), "--reports", str(synthetic_reports), "--lang", "en"])
    assert "[3/3]" in capsys.readouterr().err
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        assert names == {"report.html", *(f"tables/{name}.csv" for name in comparison_tables.TABLES)}
        html = archive.read("report.html").decode()
        ci = pd.read_csv(io.BytesIO(archive.read("tables/confidence_intervals.csv")))
        refs = pd.read_csv(io.BytesIO(archive.read("tables/references.csv")))
    assert html.startswith("<!DOCTYPE html>") and "Scenario comparison report" in html
    assert "McNemar" in html and "Goodfellow et al. 2013" in html
    assert "<script src=" not in html and "Plotly.newPlot" in html, "plotly.js is inlined, the page works offline"
    accuracy = json.loads((synthetic_reports / "optimized" / "metrics.json").read_text())["accuracy"]
    row = ci[(ci["Metric"] == "Accuracy") & (ci["Group"] == "Scenario 2 (optimized)")]
    assert row["Estimate"].item() == pytest.approx(accuracy)
    assert refs["Accuracy (%)"].iloc[1] == pytest.approx(100 * accuracy, abs=0.01)


def test_cli_in_indonesian_and_its_errors(synthetic_reports, empty_dirs, tmp_path, capsys):
    out = tmp_path / "laporan.zip"
    export.main(["--out", str(out), "--reports", str(synthetic_reports)])
    with zipfile.ZipFile(out) as archive:
        assert "Laporan perbandingan skenario" in archive.read("report.html").decode()
    with pytest.raises(SystemExit) as exit_info:
        export.main(["--out", str(tmp_path / "x.zip"), "--reports", str(empty_dirs / "reports")])
    assert exit_info.value.code == 2
    assert "python -m core.evaluate" in capsys.readouterr().err
    assert not (tmp_path / "x.zip").exists()
    with pytest.raises(SystemExit):
        export.main(["--out", str(tmp_path / "y.zip"), "--resamples", "100"])


def test_html_tables_show_no_machine_paths_booleans_nan_or_raw_floats(synthetic_reports, tmp_path):
    out = tmp_path / "report.zip"
    export.main(["--out", str(out), "--reports", str(synthetic_reports), "--lang", "en"])
    with zipfile.ZipFile(out) as archive:
        page = archive.read("report.html").decode()
    tables = "".join(re.findall(r"<table.*?</table>", page, flags=re.S))
    assert tables.count("<table") >= 10
    assert str(synthetic_reports) not in page and str(tmp_path) not in page
    assert ">True<" not in tables and ">False<" not in tables and "NaN" not in tables and "nan<" not in tables
    assert ">yes<" in tables or ">no<" in tables
    assert not re.findall(r">-?\d+\.\d{5,}<", tables), "values are rounded"


def test_relative_folder_and_cells():
    from core import paths
    from core.views.comparison import Texts

    assert export.relative(paths.ROOT / "reports") == "reports"
    tx = Texts.offline("id")
    assert [export._cell(v, tx) for v in (True, float("nan"), None, 0.123456789, 64.123, 3)] == [
        "ya",
        "—",
        "—",
        "0.1235",
        "64.12",
        "3",
    ]
