"""Adapter for rule report_html."""

from refnet.report.stage import run_report_html
from refnet.workflow import logging_to

with logging_to(snakemake.log[0]):
    i, o, p = snakemake.input, snakemake.output, snakemake.params
    paths = {k: v for k, v in i.items() if k != "clusters"}
    run_report_html(p.name, paths, list(i.clusters), p.limits, o.html, o.summary, p.description)
