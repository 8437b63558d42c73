"""Every word on screen is meant to be there: each page, in both languages, with the shipped reports, with a
candidate's assigned pair and with no reports, shows only UI texts (texts/*.toml) and formatted values.

Pages come from dashboard.navigation.PAGES (plus the home page), so a new page is checked without editing
this file. A page script must also hold no expression statement that Streamlit's magic would write.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import string
from pathlib import Path

import pandas as pd
import pytest
from streamlit.runtime.scriptrunner import magic
from streamlit.testing.v1 import AppTest

from core import classes, texts
from dashboard import i18n
from dashboard.navigation import PAGES

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "streamlit_app.py"
PAGE_SCRIPTS = [APP, *(ROOT / entry.path for entry in PAGES.values())]
HOME = None
"""The page streamlit_app.py opens by default."""
SCREENS = [HOME, *(name for name in PAGES if name != "home")]
LANGS = tuple(texts.LANGUAGES)
STATES = ("shipped", "assigned", "empty")
PAIR = ("candidate_s1", "candidate_s2")
"""The assigned state's two report names (neither is baseline nor optimized)."""

BAD = {
    "None": r"\bNone\b",
    "nan": r"\b(nan|NaN)\b",
    "True/False": r"^(True|False)$|: (True|False)\b",
    "Python repr": r"object at 0x|\{'|\['|array\(|dtype|np\.\w+\(|<class ",
    "list repr": r"^\[.*\]$|\[\d+, \d+, \d+",
    "source code": r"\bdef \w+\(|\blambda\b|\bst\.\w+\(|\"\"\"|\w+\(\) function",
    "machine path": r"(?<![\w.])/(root|work|home|tmp|usr|var|mnt|Users)/|\b[A-Z]:\\",
}


def _page_scripts_ids(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", PAGE_SCRIPTS, ids=_page_scripts_ids)
def test_page_scripts_hold_nothing_magic_would_write(path):
    """Streamlit's magic writes a bare expression (an attribute docstring too) to the page: none may exist."""
    tree = ast.parse(path.read_text())
    owners = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    docstrings = {id(n.body[0]) for n in ast.walk(tree) if isinstance(n, owners) and ast.get_docstring(n) is not None}
    strings = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and id(node) not in docstrings
    ]
    assert not strings, f"bare literal on line(s) {strings}: Streamlit would print it; use a comment"
    written = [
        node.lineno
        for node in ast.walk(magic.add_magic(path.read_text(), str(path)))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "transparent_write"
    ]
    assert not written, f"Streamlit's magic writes the expression on line(s) {written}"


# What a rendered page shows -----------------------------------------------------------------------


def _plotly_texts(spec: str) -> list[str]:
    """A figure's title, axis titles, legend title and trace names."""
    figure = json.loads(spec)
    layout = figure.get("layout", {})
    found = [trace.get("name") for trace in figure.get("data", [])]
    for key, part in layout.items():
        if key == "title" or key.startswith(("xaxis", "yaxis")) or key == "legend":
            title = part.get("title") if isinstance(part, dict) else None
            found.append(title.get("text") if isinstance(title, dict) else title)
    found += [note.get("text") for note in layout.get("annotations", [])]
    return [text for text in found if isinstance(text, str)]


def _table_texts(frame: pd.DataFrame) -> list[tuple[str, str]]:
    """Column and row names and the text cells of a table."""
    found = [str(c) for c in frame.columns] + [str(frame.index.name or "")]
    if not isinstance(frame.index, pd.RangeIndex):
        found += [str(i) for i in frame.index]
    cells = [v for column in frame.columns for v in frame[column] if isinstance(v, str)]
    return [("table.header", text) for text in found] + [("table.cell", text) for text in cells]


def shown(at: AppTest) -> list[tuple[str, str]]:
    """Every string the run displays, as (element type, text)."""
    found: list[tuple[str, str]] = []
    for root in (at.main, at.sidebar):
        for node in root:
            kind = node.type
            if kind == "plotly_chart":
                found += [(kind, text) for text in _plotly_texts(node.proto.spec)]
                continue
            if kind in ("arrow_data_frame", "dataframe", "table"):
                found += _table_texts(node.value)
                continue
            for name in ("value", "label", "options", "help", "placeholder", "delta", "caption"):
                try:
                    value = getattr(node, name)
                except Exception:  # noqa: BLE001 - elements lack most of these
                    continue
                values = value if isinstance(value, list | tuple) else [value]
                found += [(f"{kind}.{name}", v) for v in values if isinstance(v, str) and v.strip()]
    return found


def _choose_label(at: AppTest, key: str, label: str) -> None:
    """Pick a segmented control's option by the label it shows, as a browser does (it sends the label back;
    AppTest's set_value wants the page's value, which a generic test does not know), and rerun."""
    control = next(c for c in at.get("button_group") if c.key == key)
    control.__class__ = type("ByLabel", (type(control),), {"formatted_values": property(lambda self: [self._value])})
    control.set_value(label).run()


def every_section(at: AppTest) -> list[tuple[str, str]]:
    """What the page shows, in each option of each of its keyed segmented controls (sections, panels, views)."""
    found = shown(at)
    for key, labels, first in [(c.key, c.options, list(c.proto.default)) for c in at.get("button_group") if c.key]:
        for index, label in enumerate(labels):
            if [index] != first:
                _choose_label(at, key, label)
                assert not at.exception, (key, label, [e.value for e in at.exception])
                found += shown(at)
        if first:
            _choose_label(at, key, labels[first[0]])
    return found


# Is it a UI text or a value? ----------------------------------------------------------------------

PROSE = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success", "error", "metric")
NAMES = (".label", ".help", ".placeholder", "table.header", "plotly_chart")
"""What must be worded by a UI text: prose elements, widget labels and help, table headers, figure titles.
Table cells, options and code show data too; they are checked for reprs, paths and untranslated texts."""
VALUE_TOKEN = re.compile(r"[\d_./@\\]|^[^\w]*$")
UNITS = {"pt", "ms", "s", "x", "img", "MB", "CI", "dpi", "AUC", "AP"}
"""Units and abbreviations of formatted values (pt = percentage points, CI = confidence interval, AUC and AP
the areas under ROC and precision-recall curves)."""
MARKUP = re.compile(r"```.*?(```|\Z)|`[^`]*`|:[a-z]+\[|^\|.*$|<[^<>]+>", re.DOTALL | re.MULTILINE)
"""Code (commands, file names), Streamlit colour directives, Markdown table rows and HTML tags (Plotly
annotations): values and markup, not prose."""


def _untranslated(lang: str) -> set[str]:
    """English strings that differ from their Indonesian text (shown in the Indonesian UI, they are a slip)."""
    if lang == "en":
        return set()
    english = {v["en"] for v in texts.strings().values() if v["en"] != v["id"] and not _has_fields(v["en"])}
    return english | {classes.label(i, "en") for i in range(len(classes.CLASSES))} - set(classes.labels(lang))


def _has_fields(template: str) -> bool:
    return any(name for _, name, _, _ in string.Formatter().parse(template))


def unaccounted(text: str, said: re.Pattern, data: set[str]) -> list[str]:
    """Words of ``text`` that no text the run asked for (``said``) and no data value explains."""
    text = said.sub(" ", text)
    words = re.split(r"[\s*|:;,()\[\]{}`'\"<>=+\-–—·!?%]+", MARKUP.sub(" ", text))
    return [w for w in words if w and not VALUE_TOKEN.search(w) and w not in data | UNITS]


def _whole(part: str) -> str:
    """A pattern for ``part`` that does not match inside a longer word."""
    start = r"(?<!\w)" if re.match(r"\w", part) else ""
    end = r"(?!\w)" if re.search(r"\w$", part) else ""
    return start + re.escape(part) + end


def problems(found: list[tuple[str, str]], *, lang: str, said: list[str], data: set[str], dirs: list[str]) -> list[str]:
    """Each displayed string that is not a UI text or a formatted value, with the reason."""
    english = _untranslated(lang)
    ordered = sorted({part for part in said if part.strip()}, key=len, reverse=True)
    asked = re.compile("|".join(map(_whole, ordered)) or r"(?!)")
    bad = []
    for kind, text in found:
        plain = text
        for folder in dirs:
            plain = plain.replace(folder, "<configured folder>")
        reasons = [name for name, pattern in BAD.items() if re.search(pattern, plain)]
        parts = {text, *re.split(r"\n| · ", text)}
        reasons += ["untranslated English"] if kind != "table.cell" and parts & english else []
        worded = kind.split(".")[0] in PROSE or kind.endswith(NAMES)
        if worded and (words := unaccounted(text, asked, data)):
            reasons.append(f"not from a UI text: {words[:6]}")
        bad += [f"{kind}: {text[:160]!r} ({', '.join(reasons)})"] if reasons else []
    return bad


# Three states of the reports folder ---------------------------------------------------------------


@pytest.fixture(scope="module")
def assigned_reports(synthetic_reports, tmp_path_factory) -> Path:
    """A candidate's own pair: two reports under other names, assigned as scenario 1 and 2."""
    folder = tmp_path_factory.mktemp("assigned")
    shutil.copy(synthetic_reports / "test_images_private.npz", folder)
    for source, name in zip(("baseline", "optimized"), PAIR, strict=True):
        shutil.copytree(synthetic_reports / source, folder / name)
    payload = {"schema_version": 1, "scenario_1": PAIR[0], "scenario_2": PAIR[1]}
    (folder / "assignment.json").write_text(json.dumps(payload))
    return folder


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for key, sub in value.items() for s in [str(key), *_strings(sub)]]
    if isinstance(value, list):
        return [s for sub in value for s in _strings(sub)]
    return [value] if isinstance(value, str) else []


def data_words(*folders: Path) -> set[str]:
    """Words the stored files themselves hold (card notes, benchmark notes, hyperparameter names): data."""
    files = [f for folder in folders for f in (*folder.glob("*.json"), *folder.glob("*/*.json"))]
    found = [s for file in files for s in _strings(json.loads(file.read_text()))]
    return {word for text in found for word in re.split(r"[^\w]+", text) if word}


def _folders(state: str, request, tmp_path: Path) -> tuple[Path, Path]:
    """(reports, models) of a state; the shipped reports run with the fixture's small models."""
    if state == "shipped":
        if not (ROOT / "reports" / "baseline" / "manifest.json").exists():
            pytest.skip("no shipped reports in reports/")
        return ROOT / "reports", request.getfixturevalue("scenario_models")
    if state == "assigned":
        return request.getfixturevalue("assigned_reports"), tmp_path / "models"
    return tmp_path / "reports", tmp_path / "models"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("page", SCREENS, ids=lambda p: p or "home")
def test_every_shown_string_is_a_ui_text_or_a_value(page, state, lang, request, tmp_path, monkeypatch):
    reports_dir, models_dir = _folders(state, request, tmp_path)
    monkeypatch.setenv("FER_REPORTS_DIR", str(reports_dir))
    monkeypatch.setenv("FER_MODELS_DIR", str(models_dir))
    monkeypatch.setenv("FER_CACHE_DIR", str(tmp_path / "cache"))
    said: list[str] = []
    original = texts.text
    monkeypatch.setattr(
        texts, "text", lambda key, lang, **values: said.append(original(key, lang, **values)) or said[-1]
    )
    # AppTest formats the options of the widgets it sends back in this thread, which has no session: t() must
    # know the language here too, or every English option would be looked up in Indonesian.
    monkeypatch.setattr(i18n, "lang", lambda: lang)
    at = AppTest.from_file(str(APP), default_timeout=300)
    at.session_state["lang"] = lang
    at.run()
    if page is not None:
        at.switch_page(PAGES[page].path).run()
    assert not at.exception, [e.value for e in at.exception]
    data = {*PAIR, "baseline", "optimized", *classes.labels(lang)}
    data |= data_words(reports_dir, models_dir)
    assert len(shown(at)) > 3, "the page shows something"
    found = every_section(at)
    dirs = [str(reports_dir), str(models_dir), str(tmp_path)]
    bad = problems(found, lang=lang, said=said, data=data, dirs=dirs)
    assert not bad, "\n".join(bad)


def test_the_check_flags_each_kind_of_slip_and_passes_texts_and_values():
    english = texts.text("nav_metrics", "en")
    slips = ["None", "nan", "True", "{'a': 1}", "<Foo object at 0x7f>", "/root/data", "[48, 48, 3]", english]
    slips += ["Panel -> its text key; each panel is a module", "def panel(): ..."]
    good = [texts.text("nav_metrics", "id"), "43.41%", "+15.52 pt", "PrivateTest_00001.jpg", "**Marah**"]
    said = [texts.text("nav_metrics", "id")]
    found = [("markdown.value", text) for text in slips + good]
    flagged = problems(found, lang="id", said=said, data={"Marah"}, dirs=[])
    assert len(flagged) == len(slips) and all(repr(text[:20])[1:-1] in " ".join(flagged) for text in slips)
    assert "untranslated English" in flagged[slips.index(english)]
