"""report.html in a real Chromium: the embedded review and a small synthetic review.

Each review is run by Snakemake (offline) up to report.html; the page is opened from disk
in Debian's chromium through Playwright, and what it draws is compared with the tables
beside it. Screenshots go to .pytest-artifacts/ (git-ignored).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from refnet.report import chromium
from refnet.report.page import render_page
from refnet.report.stage import read_report_tables
from refnet.synthetic import synthetic_review, write_review_folder

ROOT = Path(__file__).resolve().parents[1]
SNAKEMAKE = [sys.executable, "-m", "snakemake", "-s", str(ROOT / "Snakefile"), "--cores", "2"]
ARTIFACTS = ROOT / ".pytest-artifacts"
TARGETS = ["results/report.html", "results/papers.csv", "results/works.csv"]


def _run(folder: Path, *extra: str) -> subprocess.CompletedProcess:
    run = subprocess.run(
        [*SNAKEMAKE, "--directory", str(folder), *extra], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return run


@pytest.fixture(scope="module")
def embedded(tmp_path_factory, embedded_review) -> Path:
    """The review in refs/, run offline up to report.html (conftest.py), in a copy of its own
    (a test here changes its clusters)."""
    folder = tmp_path_factory.mktemp("embedded") / "review"
    shutil.copytree(embedded_review, folder)  # with the times: nothing to rerun
    dry = _run(folder, "-n", *TARGETS)
    assert "Nothing to be done" in dry.stdout + dry.stderr
    return folder


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    """A 60-paper synthetic review (Web of Science export)."""
    folder = tmp_path_factory.mktemp("synthetic")
    papers, refs = synthetic_review(60, refs_per_paper=15, seed=5)
    write_review_folder(folder, papers, refs, name="synthetic-report")
    _run(folder)
    return folder


@pytest.fixture(params=["embedded", "synthetic"])
def review(request) -> Path:
    return request.getfixturevalue(request.param)


@pytest.fixture(scope="module")
def browser():
    if not chromium.EXECUTABLE.exists():
        pytest.skip("chromium is not installed (apt-get install -y chromium; .ci/run does it)")
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(chromium.EXECUTABLE), args=list(chromium.ARGS)
        )
        yield browser
        browser.close()


class Page:
    """One report page in the browser, with its console messages and requests recorded."""

    def __init__(self, browser, path: Path):
        self.page = browser.new_page(viewport={"width": 1100, "height": 1300})
        self.console: list[tuple[str, str]] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.console.append(("pageerror", str(e))))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)
        self.page.wait_for_function(
            "() => window.Bokeh && Bokeh.documents.length"
            " && Bokeh.documents[0].get_model_by_name('map-coupling-nodes')"
        )
        self.page.wait_for_timeout(300)

    def data(self, name: str) -> dict:
        return self.page.evaluate(
            "(name) => { const m = Bokeh.documents[0].get_model_by_name(name);"
            " const out = {}; for (const [k, v] of Object.entries(m.data)) out[k] = Array.from(v);"
            " return out; }",
            name,
        )

    def text(self, name: str) -> str:
        return self.page.evaluate("(n) => Bokeh.documents[0].get_model_by_name(n).text", name)


@pytest.fixture
def page(browser, review):
    opened = Page(browser, review / "results/report.html")
    yield opened
    opened.page.close()


def _csv(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / "results" / name, dtype=str, keep_default_na=False)


def test_page_loads_offline_without_console_errors(page, review):
    errors = [m for m in page.console if m[0] in ("error", "pageerror")]
    assert errors == []
    assert page.requests == [page.url], page.requests
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"report-{review.name}.png"
    page.page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_map_has_the_nodes_and_edges_of_the_graph_tables(page, review):
    for graph in ("coupling", "cocitation"):
        nodes = _csv(review, f"similarity/{graph}_nodes.csv")
        edges = _csv(review, f"similarity/{graph}.csv")
        drawn = page.data(f"map-{graph}-nodes")
        assert sorted(drawn["id"]) == sorted(nodes["id"])
        assert len(page.data(f"map-{graph}-edges")["x0"]) == len(edges)
        assert "all" in page.text(f"map-{graph}-cut")


def test_searching_and_clicking_a_paper_lists_its_related_papers(page, review):
    page.page.locator("input[placeholder='search by author or title']").fill("Pape")
    page.page.wait_for_timeout(300)
    matches = page.data("search-matches")
    assert matches["id"], "no paper matches 'Pape'"
    papers = _csv(review, "papers.csv")
    hit = papers[papers["paper_id"].isin(matches["id"])]
    text = (hit["authors"] + " " + hit["title"]).str.lower()
    assert len(hit) and text.str.contains("pape").all()
    row = matches["graph"].index("coupling")
    paper = matches["id"][row]
    cell = page.page.locator(".slick-row").nth(row).locator(".slick-cell").nth(2)
    cell.click()
    page.page.wait_for_timeout(300)
    related = _csv(review, "similarity/related.csv")
    expected = related[related["paper_id"] == paper].sort_values("rank", key=pd.to_numeric)
    shown = page.data("related-selected")
    assert shown["related_id"] == expected["related_id"].tolist()
    assert f"{len(expected)} related papers" in page.text("related-heading")
    if len(expected):
        assert shown["shared"][0] or int(expected["coupling_weight"].iloc[0]) == 0


def test_each_plot_draws_the_counts_of_its_table(page, review):
    papers = _csv(review, "papers.csv")
    per_year = Counter(int(y) for y in papers["year"] if y)
    drawn = page.data("data-papers-per-year")
    assert dict(zip(drawn["year"], drawn["papers"], strict=False)) == dict(per_year)
    references = _csv(review, "references.csv")
    identity = page.data("data-identity")
    assert dict(zip(identity["what"], identity["count"], strict=False))["references"] == len(
        references
    )
    works = _csv(review, "works.csv")
    top = page.data("data-most-cited")
    assert top["citations"][0] == max(int(c) for c in works["citations"])
    years = dict(zip(works["work_id"], works["year"], strict=False))
    dated = sum(1 for w in references["work_id"] if years.get(w))
    assert sum(page.data("data-rpys")["references"]) == dated
    canvases = page.page.locator("canvas")
    sizes = [canvases.nth(k).bounding_box() for k in range(canvases.count())]
    drawn_canvases = [b for b in sizes if b and b["width"] > 100 and b["height"] > 100]
    assert len(drawn_canvases) >= 5  # two maps (one hidden in its tab) and the plots


def test_tables_filter_and_link_their_files(page, review):
    papers = _csv(review, "papers.csv")
    query = papers["paper_id"].iloc[0]
    page.page.locator("input[placeholder='filter rows']").first.fill(query)
    page.page.wait_for_timeout(300)
    shown = papers[["paper_id", "year", "title", "authors", "venue", "kind", "doi"]]
    expected = (
        shown.apply(lambda c: c.str.lower().str.contains(query.lower(), regex=False))
        .any(axis=1)
        .sum()
    )
    assert 0 < expected < len(papers)
    assert page.text("table-papers-count").startswith(f"{expected} of {len(papers)}")
    heading = page.text("table-papers-heading")
    assert 'href="papers.csv"' in heading and (review / "results/papers.csv").exists()


def test_page_is_byte_identical_when_rebuilt(synthetic):
    results = synthetic / "results"
    paths = {
        "papers": results / "resolved/papers.parquet",
        "references": results / "match/references.parquet",
        "works": results / "match/works.parquet",
        "unresolved": results / "unresolved.csv",
        "problems": results / "problems.csv",
        "coverage": results / "coverage.csv",
        "related": results / "similarity/related.parquet",
    }
    for graph in ("coupling", "cocitation"):
        paths[graph] = results / f"similarity/{graph}.parquet"
        paths[f"{graph}_nodes"] = results / f"similarity/{graph}_nodes.parquet"
    paths["candidates"] = results / "discover/candidates.parquet"
    clusters = [str(results / f"clusters/{g}_members.parquet") for g in ("coupling", "cocitation")]
    tables = read_report_tables(
        "synthetic-report",
        {k: str(v) for k, v in paths.items()},
        clusters,
        description="synthetic review (refnet.synthetic)",
    )
    first, second = render_page(tables), render_page(tables)
    assert first == second
    written = (results / "report.html").read_text(encoding="utf-8")
    assert (
        hashlib.sha256(first.encode()).hexdigest() == hashlib.sha256(written.encode()).hexdigest()
    )


def test_snakemake_report_zip_holds_the_results(synthetic):
    _run(synthetic, "--report", "report.zip")
    with zipfile.ZipFile(synthetic / "report.zip") as archive:
        names = archive.namelist()
    for result in ("report.html", "papers.csv", "related.csv"):
        assert any(n.endswith(result) for n in names), (result, names[:20])


def test_clusters_of_the_fronts_stage_colour_and_place_the_map(browser, embedded):
    """With results/clusters/{graph}_members.parquet (fronts interface), the map uses them."""
    clusters = embedded / "results/clusters"
    clusters.mkdir(exist_ok=True)
    for graph in ("coupling", "cocitation"):
        nodes = _csv(embedded, f"similarity/{graph}_nodes.csv")
        cluster = [1 + k % 2 for k in range(len(nodes))]
        members = pd.DataFrame(
            {"id": nodes["id"], "cluster": cluster, "x": range(len(nodes)), "y": 0.0}
        )
        members.to_parquet(clusters / f"{graph}_members.parquet")
        labels = pd.DataFrame({"cluster": [1, 2], "size": [0, 0], "label": ["odd", "even"]})
        labels.to_parquet(clusters / f"{graph}.parquet")
    _run(embedded, "results/report.html")
    opened = Page(browser, embedded / "results/report.html")
    try:
        drawn = opened.data("map-coupling-nodes")
        assert set(drawn["group"]) == {"1: odd", "2: even"}
        assert sorted(drawn["x"]) == list(range(len(drawn["x"])))
        assert opened.data("table-clusters-coupling")["label"] == ["odd", "even"]
        assert "clusters: <b>4</b>" in opened.text("header")
        assert [m for m in opened.console if m[0] in ("error", "pageerror")] == []
    finally:
        opened.page.close()


def test_candidates_table_shows_the_best_candidates_and_why(page, review):
    candidates = _csv(review, "discover/candidates.csv")
    shown = page.data("table-candidates")
    assert shown["rank"][: len(candidates)] == [int(r) for r in candidates["rank"].head(100)]
    assert shown["why"] == candidates["why"].head(100).tolist()
    heading = page.text("table-candidates-heading")
    assert 'href="discover/candidates.csv"' in heading
