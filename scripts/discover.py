"""Adapter for rule discover (also `refnet run discover`)."""

from refnet.stages import run_stage

run_stage("discover", snakemake)
