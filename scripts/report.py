"""Adapter for rule report (also `refnet run report`)."""

from refnet.stages import run_stage

run_stage("report", snakemake)
