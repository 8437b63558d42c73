"""The comparison report export: a self-contained HTML page plus every table as CSV, in a ZIP.

Command line (no TensorFlow needed, only the files in reports/)::

    python -m core.views.export --out report.zip            # Bahasa Indonesia
    python -m core.views.export --out report.zip --lang en  # English
"""

from __future__ import annotations

import argparse
import html
import io
import math
import re
import sys
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from core import paths
from core.artifacts import reports
from core.evaluate import stats
from core.views import ablation_display
from core.views.ablation import Ablation, load_ablation
from core.views.comparison import (
    Comparison,
    Texts,
    ci_sentence,
    load_comparison,
    noise_sentences,
    smoothing_sentence,
    verdict,
)
from core.views.comparison_figures import FIGURES
from core.views.comparison_tables import TABLES


def _markdown(text: str) -> str:
    """The few Markdown marks the sentences use, as HTML."""
    text = html.escape(text)
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    return re.sub(r"`(.+?)`", r"<code>\1</code>", text)


SECTIONS: list[tuple[str, list[str], list[str]]] = [
    ("cmp_sec_significance", ["mcnemar", "confidence_intervals"], ["mcnemar", "confidence_intervals"]),
    ("cmp_sec_difference", ["difference_confusion", "outcomes"], ["difference_confusion", "outcomes_per_class"]),
    (
        "cmp_sec_calibration",
        ["reliability", "confidence_histograms"],
        ["calibration", "reliability_bins", "confidence_histograms"],
    ),
    ("cmp_sec_curves", ["roc", "precision_recall"], ["roc_pr_per_class"]),
    ("cmp_sec_label_noise", [], ["errors_on_label_issues", "label_issues"]),
    ("cmp_sec_references", ["references"], ["references"]),
]
"""Report layout: per section its title key, figures and tables (all tables also go to CSV)."""


def relative(folder: Path) -> str:
    """A folder as the report prints it: relative to the project when inside it, never a machine path."""
    folder = Path(folder).resolve()
    try:
        return folder.relative_to(paths.ROOT).as_posix() or "."
    except ValueError:
        return folder.name


def _cell(value: object, tx: Texts) -> str:
    """One table cell as text: yes/no for booleans, a dash for a missing value, numbers rounded."""
    if isinstance(value, bool | np.bool_):
        return tx("cmp_yes") if value else tx("cmp_no")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, float):
        return f"{value:.2f}" if abs(value) >= 10 else f"{value:.4f}"
    return html.escape(str(value))


def html_table(frame: pd.DataFrame, tx: Texts) -> str:
    """A table as HTML with the cells of :func:`_cell` (pandas' to_html prints True, NaN and raw floats)."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_cell(v, tx)}</td>" for v in row) + "</tr>" for row in frame.itertuples(index=False)
    )
    return f"<table class='table'><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _sentences(c: Comparison, ab: Ablation | None, tx: Texts) -> dict[str, list[str]]:
    return {
        "cmp_sec_significance": [verdict(c, tx), tx("cmp_mcnemar_explain"), ci_sentence(c, tx)],
        "cmp_sec_calibration": [smoothing_sentence(c, tx), tx("cmp_calib_note")],
        "cmp_sec_label_noise": [tx("cmp_noise_intro"), *noise_sentences(c, tx)],
        "cmp_sec_references": [tx("cmp_ref_note")],
        "cmp_sec_ablation": [] if ab is None else [tx("abl_intro"), ablation_display.reading(ab, tx)],
    }


def _has_variants(ab: Ablation | None) -> bool:
    return ab is not None and not ab.variants.empty


def build_html(
    c: Comparison,
    tx: Texts,
    folder: str,
    *,
    progress: Callable[[str], None] = lambda _: None,
    ablation: Ablation | None = None,
) -> str:
    """A self-contained HTML page: sentences, interactive figures (plotly.js inlined once) and tables."""
    sentences = _sentences(c, ablation, tx)
    when = datetime.now().strftime("%Y-%m-%d %H:%M")
    parts = [
        f"<h1>{html.escape(tx('report_title'))}</h1>",
        f"<p>{_markdown(tx('cmp_intro', n=c.n))}</p>",
        f"<p><i>{_markdown(tx('report_generated', when=when, folder=folder))}</i></p>",
    ]
    sections = [
        (title, [(FIGURES[f], c) for f in figs], [(TABLES[t], c, t) for t in tables])
        for title, figs, tables in SECTIONS
    ]
    if _has_variants(ablation):
        sections.append(
            (
                "cmp_sec_ablation",
                [(build, ablation) for build in ablation_display.FIGURES.values()],
                [(build, ablation, name) for name, build in ablation_display.TABLES.items()],
            )
        )
    first = True
    for title, figures, tables in sections:
        progress(tx(title))
        parts.append(f"<h2>{html.escape(tx(title))}</h2>")
        parts += [f"<p>{_markdown(line)}</p>" for line in sentences.get(title, [])]
        for build, data in figures:
            fig = build(data, tx)
            parts.append(fig.to_html(full_html=False, include_plotlyjs=first, config={"displaylogo": False}))
            first = False
        for build, data, name in tables:
            frame = build(data, tx)
            parts.append(html_table(frame.head(20) if name == "label_issues" else frame, tx))
    style = (
        "body{font-family:Helvetica,Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}"
        "table{border-collapse:collapse;margin:1em 0;font-size:13px}th,td{padding:4px 8px;"
        "border-bottom:1px solid #ddd;text-align:right}th{background:#f3f5f7}h2{margin-top:2em}"
    )
    title = html.escape(tx("report_title"))
    return (
        f"<!DOCTYPE html><html lang='{tx.lang}'><head><meta charset='utf-8'><title>{title}</title>"
        f"<style>{style}</style></head><body>{''.join(parts)}</body></html>"
    )


def build_zip(
    c: Comparison,
    tx: Texts,
    folder: str,
    *,
    progress: Callable[[str], None] = lambda _: None,
    ablation: Ablation | None = None,
) -> bytes:
    """The report as a ZIP: report.html plus tables/<name>.csv for every table (the ablation's when it has variants)."""
    buffer = io.BytesIO()
    tables = [(name, build(c, tx)) for name, build in TABLES.items()]
    if _has_variants(ablation):
        tables += [(name, build(ablation, tx)) for name, build in ablation_display.TABLES.items()]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("report.html", build_html(c, tx, folder, progress=progress, ablation=ablation))
        for name, frame in tables:
            archive.writestr(f"tables/{name}.csv", frame.to_csv(index=False))
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(
        prog="python -m core.views.export",
        description="Write the scenario comparison (significance, confidence intervals, calibration, per-class "
        "curves, label noise, published references, and the ablation study when its variants exist) as a ZIP: a "
        "self-contained report.html with interactive figures and every table as CSV. Reads only reports/ (run "
        "`python -m core.evaluate` first); no TensorFlow.",
        epilog="example: python -m core.views.export --out report.zip --lang en",
    )
    parser.add_argument("--out", type=Path, default=Path("report.zip"), help="ZIP file to write (default: report.zip)")
    parser.add_argument(
        "--lang",
        choices=["id", "en"],
        default="id",
        help="language of the report: id = Bahasa Indonesia (default), en = English",
    )
    parser.add_argument(
        "--reports", type=Path, default=None, help="reports folder to read (default: reports/, or $FER_REPORTS_DIR)"
    )
    parser.add_argument(
        "--resamples",
        type=int,
        default=stats.BOOTSTRAP_RESAMPLES,
        help=f"bootstrap resamples, at least {stats.BOOTSTRAP_RESAMPLES} (default %(default)s)",
    )
    parser.add_argument("--seed", type=int, default=stats.BOOTSTRAP_SEED, help="bootstrap seed (default %(default)s)")
    args = parser.parse_args(argv)
    if args.resamples < stats.BOOTSTRAP_RESAMPLES:
        parser.error(f"--resamples must be at least {stats.BOOTSTRAP_RESAMPLES} for stable 95% intervals")
    folder = args.reports or paths.reports_dir()

    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    say(f"[1/3] reading the predictions in {folder} and computing the statistics ({args.resamples} resamples)...")
    try:
        comparison = load_comparison(args.resamples, args.seed, folder)
        ablation = load_ablation(args.resamples, args.seed, folder)
    except (reports.ReportError, ValueError) as err:
        parser.exit(2, f"error: {err}\n")
    say("[2/3] building the figures and tables:")
    tx = Texts.offline(args.lang, comparison.pair)
    data = build_zip(comparison, tx, relative(folder), progress=lambda step: say(f"  - {step}"), ablation=ablation)
    say(f"[3/3] writing {args.out}...")
    reports.atomic_write_bytes(args.out, data)
    print(f"done: {args.out} ({len(data) / 1e6:.1f} MB): report.html + the tables as CSV in tables/")
    return args.out


if __name__ == "__main__":
    main()
