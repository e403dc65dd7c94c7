"""Adapter for rule discover."""

from refnet.discover.stage import Outputs, run_discover
from refnet.workflow import logging_to

with logging_to(snakemake.log[0]) as log:
    i, o, p = snakemake.input, snakemake.output, snakemake.params
    outputs = Outputs(o.candidates, o.candidates_parquet, o.new, o.fetched, o.bib, o.ris)
    summary = run_discover(i.papers, i.references, i.works, p.discover, p.sources, outputs)
    log.warning("%s", summary)
