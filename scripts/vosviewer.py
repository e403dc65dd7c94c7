"""Adapter for rule vosviewer."""

from refnet.workflow import logging_to, run_vosviewer

with logging_to(snakemake.log[0]):
    i, o = snakemake.input, snakemake.output
    run_vosviewer(i.edges, i.nodes, o.map, o.network, o.json)
