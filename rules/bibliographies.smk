"""Bibliographies: each review paper's reference strings, read and parsed into fields.

Inputs:  the bibliography file of each paper (papers YAML `bibliography:`), and the
         plain-text papers under `inputs: fulltext:` (author-date citations extracted)
Outputs: results/parsed/{bibliography,fulltext}/{paper}.parquet (the fields, year letters
         and a parsed_by marker: the match stage does not parse them again) and .problems.csv
"""


rule bibliography:
    input:
        bibliography_of,
    output:
        references="results/parsed/bibliography/{paper}.parquet",
        problems="results/parsed/bibliography/{paper}.problems.csv",
    log:
        "logs/bibliography/{paper}.log",
    conda:
        "../environment.yml"
    threads: rule_threads("bibliography")
    resources:
        **rule_resources("bibliography"),
    params:
        paper="{paper}",
    script:
        "../scripts/bibliography.py"


rule fulltext:
    input:
        fulltext_of,
    output:
        references="results/parsed/fulltext/{paper}.parquet",
        problems="results/parsed/fulltext/{paper}.problems.csv",
    log:
        "logs/fulltext/{paper}.log",
    conda:
        "../environment.yml"
    threads: rule_threads("fulltext")
    resources:
        **rule_resources("fulltext"),
    params:
        paper="{paper}",
    script:
        "../scripts/fulltext.py"
