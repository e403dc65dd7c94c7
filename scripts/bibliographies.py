"""Adapter for rule bibliographies (also `refnet run bibliographies`)."""

from refnet.stages import run_stage

run_stage("bibliographies", snakemake)
