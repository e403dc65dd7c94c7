#!/bin/bash
# CPU (user + system seconds) and peak RSS of one late stage on a finished review, as its rule
# runs it (issue 17; benchmarks/README.md "Speed of the late stages at 100,000 papers"):
#   benchmarks/tail_stage_cpu.sh [prof] <folder> <stage> [graph] <out>   (absolute paths)
# runs in <folder> (discover's first-seen state there is deleted first); "prof" adds cProfile.
set -e
V="$(cd "$(dirname "$0")"/.. && pwd)"/.venv/bin
PROF=""
if [ "$1" = prof ]; then PROF=1; shift; fi
ARGS=$($V/python "$(dirname "$0")"/tail_stages.py "$@")
STAGE=$2
OUT=${@: -1}
cd $1
rm -rf resources/discover
mkdir -p $OUT
eval "set -- $($V/python -c 'import json,sys,shlex; print(" ".join(shlex.quote(a) for a in json.loads(sys.argv[1])))' "$ARGS")"
set +e
if [ -n "$PROF" ]; then
  /usr/bin/time -v $V/python -m cProfile -o $OUT/$STAGE.prof $V/refnet run $STAGE "$@" 2> $OUT/$STAGE.time
else
  /usr/bin/time -v $V/refnet run $STAGE "$@" 2> $OUT/$STAGE.time
fi
echo "$STAGE rc=$? $(awk -F': ' '/User time/{u=$2}/System time/{s=$2}/Maximum resident/{m=$2}END{printf "cpu=%.1f s peak=%.2f GB", u+s, m/1e6}' $OUT/$STAGE.time)"
