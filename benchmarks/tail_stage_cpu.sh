#!/bin/bash
# CPU seconds and peak memory of the jobs of one rule on a finished review, run again by
# Snakemake one job at a time, from the rule's own `benchmark:` files (issue 17;
# benchmarks/README.md "Speed of the late stages at 100,000 papers"):
#   benchmarks/tail_stage_cpu.sh <folder> <rule>       e.g. fronts, discover, report_html
# Nothing upstream runs again (`--until`); discover's first-seen state is deleted first.
set -e
REPO="$(cd "$(dirname "$0")"/.. && pwd)"
FOLDER=$1
RULE=$2
rm -rf "$FOLDER/resources/discover"
"$REPO/.venv/bin/snakemake" --snakefile "$REPO/Snakefile" --directory "$FOLDER" --cores 1 \
  --forcerun "$RULE" --until "$RULE" --quiet rules >"$FOLDER/logs/tail_stage_cpu.log" 2>&1 ||
  { tail -20 "$FOLDER/logs/tail_stage_cpu.log"; exit 1; }
# the rule's one benchmark file, or one per graph (fronts_coupling.tsv, ...)
FILES=("$FOLDER/logs/benchmarks/$RULE.tsv")
[ -f "${FILES[0]}" ] || FILES=("$FOLDER"/logs/benchmarks/"$RULE"_*.tsv)
for f in "${FILES[@]}"; do
  awk -v job="$(basename "$f" .tsv)" -F'\t' \
    'NR==1{for(i=1;i<=NF;i++)c[$i]=i} NR==2{printf "%s wall=%.1f s cpu=%.1f s peak=%.2f GB\n", job, $c["s"], $c["cpu_time"], $c["max_rss"]/1024}' "$f"
done
