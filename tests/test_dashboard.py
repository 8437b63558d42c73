"""dashboard helpers without a running page: Plotly click parsing, setup commands, error reasons, requests."""

from __future__ import annotations

import numpy as np
import pytest

from dashboard import notices, requests
from dashboard.figures import cell_from_selection
from dashboard.i18n import METRIC_KEYS


def test_cell_from_selection():
    labels = ["A", "B", "C"]
    assert cell_from_selection([{"customdata": [2, 1], "x": "A", "y": "A"}], labels) == (2, 1)
    assert cell_from_selection([{"x": "C", "y": "B"}], labels) == (1, 2)
    assert cell_from_selection([], labels) is None
    assert cell_from_selection([{"x": "?", "y": "B"}], labels) is None


def test_setup_commands_train_only_what_has_no_model():
    text = notices.setup_commands(["baseline", "optimized"], ["optimized"])
    assert "python -m core.train --scenario baseline" in text
    assert "--scenario optimized" not in text
    assert "python -m core.evaluate --model models/optimized.keras" in text


@pytest.mark.parametrize(
    ("error", "indonesian"),
    [
        ("not a readable image (cannot identify image file <_io.BytesIO object at 0x7f00>)", "bukan format gambar"),
        ("not a readable image (image file is truncated (3 bytes not processed))", "terpotong"),
    ],
)
def test_reasons_are_translated_and_never_show_object_reprs(error, indonesian):
    reason = notices.reason(error)
    assert indonesian in reason and "BytesIO" not in reason and "<" not in reason


def test_an_unknown_reason_is_kept_without_reprs():
    assert notices.reason(ValueError("odd <object at 0x1> thing")) == "odd thing"


def test_requests_are_typed_and_taken_once(monkeypatch):
    state: dict = {}
    monkeypatch.setattr(requests.st, "session_state", state)
    switched = []
    monkeypatch.setattr(requests.navigation, "go", switched.append)
    requests.open_in_explorer("optimized", 2, 4)
    assert switched == ["explorer"]
    assert requests.take(requests.OpenInExplorer) == requests.OpenInExplorer("optimized", 2, 4, None)
    assert requests.take(requests.OpenInExplorer) is None, "a request is consumed"
    requests.send(requests.ExplainImage(np.zeros((4, 4), np.uint8), None, "x.png"))
    assert requests.peek(requests.ExplainImage).origin == "x.png" and switched[-1] == "explain"
    assert requests.peek(requests.ExplainImage) is not None, "an image to explain stays selectable"
    state["request_OpenInExplorer"] = {"scenario": "optimized"}
    assert requests.take(requests.OpenInExplorer) is None, "an untyped dict is not a request"


def test_value_to_key_maps_name_existing_keys():
    from core import texts
    from core.views import summary
    from dashboard import explorer, home, navigation, training
    from dashboard.explain import common, picker, probes, se

    maps = [METRIC_KEYS, explorer.SUBSET_KEYS, explorer.SORT_KEYS, explorer.CORRECTNESS_KEYS]
    maps += [summary.RECIPE_KEYS, home.INIT_KEYS, summary.CONFIG_KEYS, training.GROUP_KEYS, common.METHOD_KEYS]
    maps += [common.BAND_KEYS, picker.SOURCE_KEYS, se.MAP_KEYS, notices.REASONS]
    keys = [key for mapping in maps for key in mapping.values()]
    keys += [key for page in navigation.PAGES.values() for key in (page.title, page.blurb)]
    assert not [key for key in keys if key not in texts.strings()]
    assert set(probes.DEFAULTS) and len(keys) > 60
