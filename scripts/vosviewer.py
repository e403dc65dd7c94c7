"""Adapter for rule vosviewer (also `refnet run vosviewer`)."""

from refnet.stages import run_stage

run_stage("vosviewer", snakemake)
