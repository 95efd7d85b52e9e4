#!/usr/bin/env bash
# Refactoring guard (issue 11): write the seeds' JSONL export and the FA-KES dev ACLED/JSONL
# exports with the current code, and compare them with a baseline directory if one is given.
#   scripts/golden_outputs.sh OUTDIR [BASELINE_DIR]
# Needs ../shared (seeds, fakes/dev.csv) and an installed .venv in the repository.
set -euo pipefail
out=${1:?usage: golden_outputs.sh OUTDIR [BASELINE_DIR]}
base=${2:-}
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="$(realpath "${MARSAD_SHARED:-$root/../shared}")"
marsad="$root/.venv/bin/marsad"
mkdir -p "$out"; rm -f "$out"/*.db
"$marsad" run "$shared/seeds" --db "$out/seeds.db" > "$out/seeds_run.txt" 2>&1 || true
"$marsad" export --format jsonl -o "$out/seeds.jsonl" --db "$out/seeds.db" > /dev/null
"$marsad" run "$shared/data/fakes/dev.csv" --db "$out/fakes.db" > "$out/fakes_run.txt" 2>&1 || true
"$marsad" export --format acled-csv -o "$out/fakes.csv" --db "$out/fakes.db" > /dev/null
"$marsad" export --format jsonl -o "$out/fakes.jsonl" --db "$out/fakes.db" > /dev/null
if [ -n "$base" ]; then
  status=0
  for f in seeds.jsonl fakes.csv fakes.jsonl; do
    if cmp -s "$base/$f" "$out/$f"; then echo "identical: $f"; else echo "DIFFERENT: $f"; status=1; fi
  done
  exit $status
fi
md5sum "$out"/seeds.jsonl "$out"/fakes.csv "$out"/fakes.jsonl
