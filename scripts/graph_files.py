"""Adapter for rule graph_files."""

from refnet.workflow import logging_to, run_graph_files

with logging_to(snakemake.log[0]):
    i, o = snakemake.input, snakemake.output
    run_graph_files(snakemake.params.name, i.edges, i.nodes, o.gexf, o.graphml, o.pajek)
