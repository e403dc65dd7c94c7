"""Adapter for rule bibtex."""

from refnet.workflow import logging_to, run_bibtex

with logging_to(snakemake.log[0]):
    i, o = snakemake.input, snakemake.output
    run_bibtex(i.papers, i.works, o.review, o.cited)
