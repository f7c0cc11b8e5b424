#!/usr/bin/env bash
# Load test of the consent API against a trivial endpoint of the same app, measured in one run:
# ratios, not absolute numbers, because the machine is shared. Needs wrk (apt-get install wrk).
# Usage: bench/consent/run.sh [duration-seconds] [connections]
# On SQLite; with VERN_BENCH_POSTGRES set (see use_postgres in serve.sh), on fresh databases of that PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${1:-20}"
CONNECTIONS="${2:-64}"
THREADS=2
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }

dotnet build src/Vern -c Release -v quiet -nologo >/dev/null
source bench/consent/serve.sh
DATABASE=SQLite
SERVER_ENV=()
if [ -n "${VERN_BENCH_POSTGRES:-}" ]; then
  use_postgres
  DATABASE="PostgreSQL ($("${PSQL[@]}" -c "SELECT 'fsync ' || current_setting('fsync') || ', synchronous_commit ' || current_setting('synchronous_commit')"))"
fi
start_vern "$PWD/src/Vern/bin/Release/net10.0/Vern.dll" "${SERVER_ENV[@]}"
trap stop_vern EXIT

measure() { # name url script
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "bench/consent/$3" "$2" >/dev/null  # warm-up
  local line
  line="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "bench/consent/$3" "$2" | grep '^RESULT')"
  echo "$1 $line"
}

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); $CONNECTIONS connections, ${DURATION}s each, $DATABASE"
trivial="$(measure trivial "$URL/.well-known/gpc.json" get.lua)"
config="$(measure config "$URL/api/v1/consent/config?lang=en" get.lua)"
decisions="$(measure decisions "$URL/api/v1/consent/decisions" decisions.lua)"
printf '%s\n%s\n%s\n' "$trivial" "$config" "$decisions"

python3 - "$trivial" "$config" "$decisions" <<'PY'
import os, re, sys
rows = {}
for line in sys.argv[1:]:
    name = line.split()[0]
    rows[name] = {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", line)}
base = rows["trivial"]["rps"]
ok = True
# The issue's floor for decisions: 35 % of trivial on SQLite, 25 % on a durable PostgreSQL.
for name, floor in (("config", 0.70), ("decisions", 0.25 if os.environ.get("VERN_BENCH_POSTGRES") else 0.35)):
    ratio = rows[name]["rps"] / base
    print(f"{name}: {rows[name]['rps']:.0f} req/s = {ratio:.0%} of trivial (floor {floor:.0%}), p99 {rows[name]['p99']:.1f} ms, non-2xx {rows[name]['non2xx']:.0f}")
    ok &= ratio >= floor and rows[name]["non2xx"] == 0
ok &= rows["decisions"]["p99"] <= 25
print("decisions p99 ceiling 25 ms:", "met" if rows["decisions"]["p99"] <= 25 else "NOT met")
sys.exit(0 if ok else 1)
PY
