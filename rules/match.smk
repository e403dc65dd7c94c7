"""Match: give every reference the id of the work it cites, with auditable evidence.

Inputs:  resolved papers, parsed bibliographies and full texts, online references,
         references from exports, and the user's overrides (match.overrides)
Outputs: results/references.csv (every reference with raw string, fields and work id),
         results/works.csv, results/match/decisions.csv, and their Parquet twins
"""


rule match:
    input:
        papers="results/resolved/papers.parquet",
        online="results/resolved/references.parquet",
        exported="results/seeds/export_references.parquet",
        parsed=parsed_reference_tables(),
        overrides=overrides_file(),
    output:
        references="results/match/references.parquet",
        references_csv="results/references.csv",
        works="results/match/works.parquet",
        works_csv="results/works.csv",
        decisions="results/match/decisions.csv",
    log:
        "logs/match.log",
    conda:
        "../environment.yml"
    params:
        match=config["match"],
    script:
        "../scripts/match.py"
