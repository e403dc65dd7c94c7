"""Seeds: every input named in review.yaml, as one table of review papers.

Inputs:  the files under `inputs:` (papers YAML, DOI lists, BibTeX, WoS/Scopus exports)
Outputs: results/seeds/papers.parquet, results/seeds/export_references.parquet (cited
         references carried by exports), results/seeds/problems.csv (skipped entries)
"""


rule seeds:
    input:
        seed_files(),
    output:
        papers="results/seeds/papers.parquet",
        references="results/seeds/export_references.parquet",
        problems="results/seeds/problems.csv",
    log:
        "logs/seeds.log",
    benchmark:
        "logs/benchmarks/seeds.tsv"
    conda:
        "../environment.yml"
    threads: rule_threads("seeds")
    resources:
        **rule_resources("seeds"),
    params:
        inputs=config["inputs"],
    script:
        "../scripts/seeds.py"
