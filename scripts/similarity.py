"""Adapter for rule similarity."""

from pathlib import Path

from refnet.graphs.stage import run_graphs
from refnet.workflow import logging_to

with logging_to(snakemake.log[0]):
    i = snakemake.input
    out_dir = Path(snakemake.output[0]).parent
    run_graphs(i.references, i.works, i.papers, snakemake.params.graphs, out_dir)
