#!/usr/bin/env bash
# Decisions as the ledger grows: one server on a fresh SQLite data directory, driven without a
# pause in slices, each slice reporting the ledger's size, throughput and latency. Needs wrk and
# sqlite3. Usage: bench/consent/growth.sh [slices] [seconds per slice]
set -euo pipefail
cd "$(dirname "$0")/../.."
SLICES="${1:-12}"
DURATION="${2:-15}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing: apt-get install sqlite3" >&2; exit 2; }

dotnet build src/Vern -c Release -v quiet -nologo >/dev/null
source bench/consent/serve.sh
start_vern "$PWD/src/Vern/bin/Release/net10.0/Vern.dll"
trap stop_vern EXIT

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| records | decisions req/s | p50 | p99 | data directory | server RSS |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
for _ in $(seq "$SLICES"); do
  line="$(wrk -t2 -c64 -d"${DURATION}s" --latency -s bench/consent/decisions.lua "$URL/api/v1/consent/decisions" | grep '^RESULT')"
  records="$(sqlite3 "file:$DATA/data/vern.db?mode=ro" 'PRAGMA busy_timeout = 5000; SELECT max(Sequence) FROM ConsentRecords;' | tail -1)"
  python3 -c 'import re,sys; r={k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", sys.argv[1])}; n=int(sys.argv[2]); rps, p50, p99 = r["rps"], r["p50"], r["p99"]; print(f"| {n:,} | {rps:,.0f} | {p50:.2f} ms | {p99:.1f} ms | {sys.argv[3]} MB | {sys.argv[4]} MB |")' \
    "$line" "$records" "$(du -sm "$DATA/data" | cut -f1)" "$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' /proc/$SERVER/status)"
done
