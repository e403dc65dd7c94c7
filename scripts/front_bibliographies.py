"""Adapter for rule front_bibliographies (also `refnet run front_bibliographies`)."""

from refnet.stages import run_stage

run_stage("front_bibliographies", snakemake)
