"""Adapter for rule front_bibliographies."""

from refnet.export.bundles import run_front_bibliographies
from refnet.workflow import logging_to

with logging_to(snakemake.log[0]):
    i, o, graphs = snakemake.input, snakemake.output, snakemake.params.graphs
    members = dict(zip(graphs, i.members, strict=True))
    clusters = dict(zip(graphs, i.clusters, strict=True))
    run_front_bibliographies(i.papers, i.works, members, clusters, o.folder, o.manifest)
