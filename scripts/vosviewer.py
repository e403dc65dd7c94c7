"""Adapter for rule vosviewer."""

from refnet.export.stage import run_vosviewer
from refnet.workflow import logging_to

with logging_to(snakemake.log[0]):
    i, o, p = snakemake.input, snakemake.output, snakemake.params
    run_vosviewer(
        p.name, i.edges, i.nodes, o.map, o.network, o.json, p.limits, i.members, i.clusters
    )
