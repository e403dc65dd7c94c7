"""Adapter for rule bibliography (also `refnet run bibliography`)."""

from refnet.stages import run_stage

run_stage("bibliography", snakemake)
