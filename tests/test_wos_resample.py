"""The resampled Web of Science export used by the benchmarks reads like a real one."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from refnet.inputs.exports import read_exports

_SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "wos_resample.py"
_SPEC = importlib.util.spec_from_file_location("wos_resample", _SCRIPT)
wos_resample = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(wos_resample)


def test_resampled_export_has_real_references_and_new_records(shared_data, tmp_path):
    source = shared_data / "wos" / "testFile.isi"
    text = source.read_text(encoding="utf-8-sig")
    out = tmp_path / "resampled.isi"
    out.write_text(wos_resample.resample(text, 70, seed=3), encoding="utf-8")
    assert wos_resample.resample(text, 70, seed=3) == out.read_text(encoding="utf-8")
    _, real_refs, _ = read_exports([source])
    papers, refs, problems = read_exports([out])
    assert len(papers) == 70 and problems.empty
    assert papers["paper_id"].is_unique and papers["export_id"].is_unique
    assert set(refs["raw"]) <= set(real_refs["raw"])
    per_paper = refs.groupby("citing_id").size()
    assert per_paper.max() <= real_refs.groupby("citing_id").size().max()
    first_authors = papers["authors"].str.split(";").str[0]
    assert first_authors.nunique() > first_authors.head(33).nunique()  # copies renamed
