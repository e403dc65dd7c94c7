"""Adapter for rule graph_files."""

from refnet.export.stage import run_graph_files
from refnet.workflow import logging_to

with logging_to(snakemake.log[0]):
    i, o, p = snakemake.input, snakemake.output, snakemake.params
    run_graph_files(
        p.name, i.edges, i.nodes, o.gexf, o.graphml, o.pajek, p.limits, i.members, o.clu
    )
