"""texts/*.toml: every key in both languages with the same placeholders, none twice, every t("...") known."""

from __future__ import annotations

import ast
import json
import string
import tomllib
from pathlib import Path

import pytest

from core import texts

ROOT = Path(__file__).resolve().parent.parent
CALLERS = ("t", "text", "tx", "choose", "_text")


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(texts.strings()))
def test_key_has_both_languages_with_the_same_placeholders(key):
    value = texts.strings()[key]
    assert set(value) == set(texts.LANGUAGES) and all(v.strip() for v in value.values()), key
    assert _placeholders(value["id"]) == _placeholders(value["en"]), key


def test_no_key_is_defined_twice():
    keys: list[str] = []
    for file in texts.TEXTS_DIR.glob("*.toml"):
        keys += list(tomllib.loads(file.read_text(encoding="utf-8")))
    assert len(keys) == len(set(keys)) == len(texts.strings())


def test_a_key_defined_twice_is_refused(tmp_path, monkeypatch):
    for name in ("a.toml", "b.toml"):
        (tmp_path / name).write_text('[same]\nid = "x"\nen = "x"\n')
    monkeypatch.setattr(texts, "TEXTS_DIR", tmp_path)
    texts.strings.cache_clear()
    try:
        with pytest.raises(ValueError, match="'same' is defined twice"):
            texts.strings()
    finally:
        texts.strings.cache_clear()


def _literal_keys() -> list[tuple[str, str]]:
    """Every string literal passed first to t(...), tx(...) or text(...) in the app's code."""
    folders = ("app_pages", "dashboard", "core")
    files = [ROOT / "streamlit_app.py"] + [p for d in folders for p in (ROOT / d).rglob("*.py")]
    found = []
    for file in files:
        for node in ast.walk(ast.parse(file.read_text())):
            if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name in CALLERS and isinstance(node.args[0].value, str):
                found.append((str(file.relative_to(ROOT)), node.args[0].value))
    return found


def test_every_literal_key_exists():
    keys = _literal_keys()
    assert len(keys) > 300, "the scan finds the app's t() calls"
    missing = [(file, key) for file, key in keys if key not in texts.strings()]
    assert not missing, missing


def _app_files() -> list[Path]:
    return [ROOT / "streamlit_app.py"] + [
        p for d in ("app_pages", "dashboard", "core") for p in (ROOT / d).rglob("*.py")
    ]


def _strings_in(node: ast.AST) -> list[str] | None:
    """The strings of a literal value: a string, or a tuple of strings (None for anything else)."""
    parts = node.elts if isinstance(node, ast.Tuple) else [node]
    found = [p.value for p in parts if isinstance(p, ast.Constant) and isinstance(p.value, str)]
    return found if len(found) == len(parts) else None


def _value_to_key_maps() -> list[tuple[str, list[str]]]:
    """Dicts in the app's code whose values are all strings (or tuples of them) and include a text key."""
    found = []
    for file in _app_files():
        for node in ast.walk(ast.parse(file.read_text())):
            if isinstance(node, ast.Dict) and node.values:
                values = [_strings_in(v) for v in node.values]
                strings = [s for v in values if v is not None for s in v]
                if None not in values and any(v in texts.strings() for v in strings):
                    found.append((str(file.relative_to(ROOT)), strings))
    return found


def test_no_key_is_built_at_run_time():
    """t(f"prefix_{value}") hides the key from these tests: value -> key maps are literal dicts instead."""
    built = [
        (str(file.relative_to(ROOT)), node.lineno)
        for file in _app_files()
        for node in ast.walk(ast.parse(file.read_text()))
        if isinstance(node, ast.Call)
        and node.args
        and isinstance(node.args[0], ast.JoinedStr | ast.BinOp)
        and (node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)) in CALLERS
    ]
    assert not built, built


def test_headline_metrics_and_their_names_are_one_list():
    from core.views import summary
    from dashboard import i18n

    assert i18n.METRIC_KEYS is summary.METRIC_KEYS
    assert [name for name, _ in summary.HEADLINE] == list(summary.METRIC_KEYS)


def test_every_key_in_a_value_to_key_map_exists():
    maps = _value_to_key_maps()
    assert len(maps) > 10, "the scan finds the pages' value -> key maps"
    missing = [(file, key) for file, values in maps for key in values if key not in texts.strings()]
    assert not missing, missing


def test_every_shipped_benchmark_figure_is_named_in_the_ui_language():
    """The shipped bench.json's figures and references all have a text (else the page falls back to English)."""
    from dashboard.bench_texts import FIGURE_KEYS, REFERENCE_KEYS

    bench = ROOT / "reports" / "bench.json"
    if not bench.exists():
        pytest.skip("no shipped bench.json")
    figures = json.loads(bench.read_text())["figures"]
    names = [item.get("params", {}).get("text", item["key"]) for item in figures]
    refs = [item.get("params", {}).get("ref", item["key"]) for item in figures if item.get("reference")]
    assert not [name for name in names if name not in FIGURE_KEYS]
    assert not [name for name in refs if name not in REFERENCE_KEYS]
