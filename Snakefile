"""refnet: from the seeds in refs/ to references, identities, graphs and exports.

Stages (one file each in rules/): seeds -> bibliographies -> resolve -> match -> graphs
-> exports, and discover (the papers the review is missing). Settings come from
refs/review.yaml (schema: schemas/config.schema.yaml).
"""

from snakemake.utils import min_version

min_version("9.0")


configfile: "refs/review.yaml"


include: "rules/common.smk"
include: "rules/seeds.smk"
include: "rules/bibliographies.smk"
include: "rules/resolve.smk"
include: "rules/match.smk"
include: "rules/graphs.smk"
include: "rules/exports.smk"
include: "rules/discover.smk"
include: "rules/report.smk"


rule all:
    default_target: True
    input:
        final_outputs(),
