"""Adapter for rule report_html (also `refnet run report_html`)."""

from refnet.stages import run_stage

run_stage("report_html", snakemake)
