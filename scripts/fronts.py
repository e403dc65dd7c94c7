"""Adapter for rule fronts."""

from refnet.graphs.fronts import run_fronts
from refnet.workflow import logging_to

with logging_to(snakemake.log[0]):
    i, p = snakemake.input, snakemake.params
    outputs = dict(snakemake.output.items())
    run_fronts(p.name, i.edges, i.nodes, i.references, i.works, outputs, p.clusters, p.limits)
