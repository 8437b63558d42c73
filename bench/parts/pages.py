"""First paint of the home and metrics pages, each as a multiple of the paint floor measured alongside.

The floor is a two-line Streamlit page (bench/floor_page.py) served by the same Streamlit with the
same settings, opened by the same browser procedure, visits interleaved with the app's so that
background load hits both alike.
"""

from __future__ import annotations

from typing import Any

from tqdm import tqdm

from bench.context import Bench, child_env
from bench.machine import tensorflow_loaded
from bench.paint import CHROMIUM, CHROMIUM_ARGS, FLOOR_SCRIPT, browser_profile, first_paint, streamlit_server
from bench.stats import figure, summarise
from core import paths
from core.artifacts.bench import project_path

ROUTES = {"home": "", "metrics": "metrics"}
PROCEDURES = {
    "warm": "warm server, new browser profile (nothing cached)",
    "returning": "warm server, returning browser (HTTP cache kept)",
    "cold": "new server, new browser profile",
}


def _warm_visits(browser: Any, app: str, floor: str, *, repeats: int) -> dict[str, dict[str, list]]:
    """Interleaved visits to the floor and each page, with new profiles and with one returning profile."""
    runs: dict[str, dict[str, list]] = {
        proc: {"floor": [], **{n: [] for n in ROUTES}} for proc in ("warm", "returning")
    }
    returning = browser_profile(browser)
    urls = {"floor": floor, **{name: f"{app}/{route}" for name, route in ROUTES.items()}}
    for url in urls.values():
        first_paint(browser, url, context=returning)
    for _ in tqdm(range(repeats), desc="paint", leave=False):
        for name, url in urls.items():
            runs["warm"][name].append(first_paint(browser, url))
            runs["returning"][name].append(first_paint(browser, url, context=returning))
    returning.close()
    return runs


def _cold_visits(browser: Any, env: dict[str, str], servers: int) -> tuple[dict[str, list], list[bool | None]]:
    """A new server per visit: the floor, then each page, round by round."""
    runs: dict[str, list] = {"floor": [], **{name: [] for name in ROUTES}}
    loaded: list[bool | None] = []
    for _ in tqdm(range(servers), desc="paint servers", leave=False):
        with streamlit_server(env, script=FLOOR_SCRIPT) as (url, _pid):
            runs["floor"].append(first_paint(browser, url))
        for name, route in ROUTES.items():
            with streamlit_server(env) as (url, pid):
                runs[name].append(first_paint(browser, f"{url}/{route}"))
                loaded.append(tensorflow_loaded(pid))
    return runs, loaded


def _add(bench: Bench, proc: str, runs: dict[str, list], *, checks: dict[str, bool]) -> None:
    floor = [done for _, done in runs["floor"]]
    condition = "cold" if proc == "cold" else "warm"
    label = f"paint floor (2-line Streamlit page), {PROCEDURES[proc]}"
    bench.add(figure(f"paint_floor_{proc}", label, condition, unit="s", times_s=floor, params={"page": "floor"}))
    for name in ROUTES:
        title = summarise([t for t, _ in runs[name]]).median
        bench.add(
            figure(
                f"paint_{name}_{proc}",
                f"{name} page first paint (Streamlit run finished), headless Chromium, {PROCEDURES[proc]}",
                condition,
                unit="s",
                times_s=[done for _, done in runs[name]],
                reference=("paint floor, same procedure", floor),
                checks=checks,
                note=f"title visible after {title:.2f} s (median)",
                params={"page": name, "ref": "floor"},
            )
        )


def bench_pages(bench: Bench) -> None:
    """Home and metrics first paint against the floor: warm server (new and returning browser) and new servers."""
    if not CHROMIUM.exists():
        bench.skip("pages", f"{CHROMIUM} not found (apt-get install chromium)")
        return
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        bench.skip("pages", "playwright is not installed (pip install -r requirements-dev.txt)")
        return
    from core.artifacts import reports

    if not reports.available_scenarios():
        bench.notes.append(
            f"pages: no reports in {project_path(paths.reports_dir())}, so the pages painted their 'missing' state; "
            "rerun after `python -m core.evaluate`"
        )
    env = child_env(FER_MODELS_DIR=str(bench.models_dir), FER_REPORTS_DIR=str(paths.reports_dir()))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            with streamlit_server(env) as (app, pid), streamlit_server(env, script=FLOOR_SCRIPT) as (floor, _):
                warm = _warm_visits(browser, app, floor, repeats=bench.plan.paint_warm)
                loaded = [tensorflow_loaded(pid)]
            cold, cold_loaded = _cold_visits(browser, env, bench.plan.cold)
        finally:
            browser.close()
    loaded += cold_loaded
    checks = {} if None in loaded else {"TensorFlow not imported": not any(loaded)}
    for proc, runs in (("warm", warm["warm"]), ("returning", warm["returning"]), ("cold", cold)):
        _add(bench, proc, runs, checks=checks)
