"""Chart builders of the explainability page: the figures carry the data they are given, in order."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from core.charts import PAIR_COLORS
from core.charts import explain as charts

LABELS = ["A", "B", "C", "D", "E", "F", "G"]
NAMES = {"baseline": "S1", "optimized": "S2"}


def test_overlay_puts_the_heatmap_over_the_image_with_the_opacity():
    gray = np.arange(48 * 48, dtype=np.uint8).reshape(48, 48)
    heat = np.linspace(0, 1, 48 * 48).reshape(48, 48)
    fig = charts.overlay(
        gray, heat, "t", value_title="attention", opacity=0.3, bands={"eyes": (12, 24), "mouth": (32, 44)}
    )
    image, overlay = fig.data
    assert isinstance(image, go.Heatmap) and isinstance(overlay, go.Heatmap)
    np.testing.assert_array_equal(np.asarray(image.z), gray)
    np.testing.assert_allclose(np.asarray(overlay.z), heat)
    assert overlay.opacity == 0.3 and (overlay.zmin, overlay.zmax) == (0.0, 1.0)
    assert len(fig.layout.shapes) == 2 and fig.layout.shapes[0].y0 == 11.5 and fig.layout.shapes[1].y1 == 43.5
    assert fig.layout.yaxis.autorange == "reversed" and fig.layout.yaxis.scaleanchor == "x"


def test_occlusion_map_is_symmetric_around_zero():
    drop = np.zeros((8, 8))
    drop[0, 0], drop[7, 7] = 0.4, -0.1
    overlay = charts.occlusion_map(np.zeros((8, 8), np.uint8), drop, "t", value_title="drop").data[1]
    assert overlay.zmin == -0.4 and overlay.zmax == 0.4


def test_class_maps_grid_has_one_panel_per_scenario_and_class():
    maps = {"S1": np.random.default_rng(0).random((7, 48, 48)), "S2": np.zeros((7, 48, 48))}
    faces = {name: np.full((7, 48, 48), 100.0) for name in maps}
    fig = charts.class_maps_grid(faces, maps, LABELS, value_title="attention", opacity=0.4, bands={"eyes": (12, 24)})
    assert len(fig.data) == 2 * 2 * 7
    assert sum(trace.showscale for trace in fig.data if trace.showscale) == 1
    np.testing.assert_allclose(np.asarray(fig.data[1].z), maps["S1"][0])
    np.testing.assert_allclose(np.asarray(fig.data[-1].z), maps["S2"][6])
    assert len(fig.layout.shapes) == 14
    assert fig.layout.yaxis14.scaleanchor == "x14"


def test_excitation_bars_are_sorted_and_highlight_the_top_channels():
    weights = np.array([0.2, 0.9, 0.5, 0.7, 0.1])
    bar = charts.excitation_bars(weights, "t", "channel", weight_title="weight", top=2).data[0]
    np.testing.assert_allclose(bar.y, [0.9, 0.7, 0.5, 0.2, 0.1])
    assert list(bar.customdata) == [1, 3, 2, 0, 4]
    assert list(bar.marker.opacity) == [1.0, 1.0, 0.3, 0.3, 0.3]
    assert list(bar.text) == ["#1", "#3", "", "", ""]


def test_channels_are_clustered_by_their_class_profiles():
    rng = np.random.default_rng(0)
    pattern_a, pattern_b = rng.random(7), rng.random(7) + 2
    profiles = np.column_stack([pattern_a, pattern_b, pattern_a + 0.01, pattern_b + 0.01, pattern_a - 0.01])
    order = charts.channel_order(profiles)
    assert sorted(order) == list(range(5))
    groups = [0 if channel in (0, 2, 4) else 1 for channel in order]
    assert groups in ([0, 0, 0, 1, 1], [1, 1, 0, 0, 0]), "similar channels sit next to each other"
    heatmap = charts.excitation_heatmap(
        profiles, LABELS, "t", channel_title="channel", value_title="excitation", centered=True
    ).data[0]
    np.testing.assert_allclose(np.asarray(heatmap.z).mean(axis=0), 0.0, atol=1e-12)
    centered = profiles - profiles.mean(axis=0)
    assert heatmap.zmid == 0 and list(heatmap.customdata[0]) == list(charts.channel_order(centered))
    raw = charts.excitation_heatmap(profiles, LABELS, "t", channel_title="channel", value_title="excitation").data[0]
    np.testing.assert_allclose(np.asarray(raw.z), profiles[:, charts.channel_order(profiles)])


def test_band_share_bars_group_scenarios_per_band_with_the_even_reference():
    rows = [
        {"scenario": s, "class_label": c, "band": b, "share": 0.1 * (i + 1), "sem": 0.01}
        for s in NAMES
        for i, c in enumerate(LABELS)
        for b in ("eyes", "mouth")
    ]
    fig = charts.band_share_bars(
        pd.DataFrame(rows),
        {"eyes": "Eyes", "mouth": "Mouth"},
        {"eyes": 0.25, "mouth": 0.25},
        scenario_names=NAMES,
        title="t",
        share_title="s",
        reference_title="even",
    )
    assert len(fig.data) == 4
    assert [trace.name for trace in fig.data] == ["S1", "S2", "S1", "S2"]
    assert fig.data[1].marker.color == PAIR_COLORS[1]
    np.testing.assert_allclose(fig.data[0].y, 0.1 * np.arange(1, 8))
    assert [shape.y0 for shape in fig.layout.shapes] == [0.25, 0.25]


def test_probe_bars_show_probed_bars_and_unprobed_markers_for_both_models():
    probed = {"baseline": np.full(7, 1 / 7), "optimized": np.eye(7)[3]}
    original = {"baseline": np.eye(7)[0], "optimized": np.eye(7)[6]}
    fig = charts.probe_bars(
        probed, original, LABELS, scenario_names=NAMES, title="t", probability_title="p", original_title="unprobed"
    )
    bars = [trace for trace in fig.data if isinstance(trace, go.Bar)]
    markers = [trace for trace in fig.data if isinstance(trace, go.Scatter)]
    assert [bar.name for bar in bars] == ["S1", "S2"] and len(markers) == 2
    np.testing.assert_allclose(bars[1].y, np.eye(7)[3])
    np.testing.assert_allclose(markers[1].y, np.eye(7)[6])
