"""Adapter for rule fulltext (also `refnet run fulltext`)."""

from refnet.stages import run_stage

run_stage("fulltext", snakemake)
