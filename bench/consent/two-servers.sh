#!/usr/bin/env bash
# Two Vern servers on one PostgreSQL against one: decisions from the same load generator (two wrk processes,
# one thread and half the connections each), first both aimed at one server, then one at each server. Then
# `ledger verify` checks the log both servers appended to. Needs wrk and VERN_BENCH_POSTGRES (see serve.sh).
# Usage: bench/consent/two-servers.sh [duration-seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${1:-15}"
CONNECTIONS="${2:-64}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
[ -n "${VERN_BENCH_POSTGRES:-}" ] || { echo "VERN_BENCH_POSTGRES must name a PostgreSQL server" >&2; exit 2; }

dotnet build src/Vern -c Release -v quiet -nologo >/dev/null
DLL="$PWD/src/Vern/bin/Release/net10.0/Vern.dll"
source bench/consent/serve.sh
use_postgres
start_vern "$DLL" "${SERVER_ENV[@]}"
FIRST=("$SERVER" "$URL" "$DATA" "$VERN_VISITORS")
SEED_DATA="$DATA" start_vern "$DLL" "${SERVER_ENV[@]}"
SECOND=("$SERVER" "$URL" "$DATA" "$VERN_VISITORS")
cleanup() {
  SERVER="${FIRST[0]}" DATA="${FIRST[2]}" stop_vern
  SERVER="${SECOND[0]}" DATA="${SECOND[2]}" stop_vern
}
trap cleanup EXIT

half=$((CONNECTIONS / 2))
load() { # seconds url-one visitors-one url-two visitors-two -> "rps p99" (summed, worst)
  local one two
  one="$(mktemp)"; two="$(mktemp)"
  VERN_VISITORS="$3" wrk -t1 -c"$half" -d"$1s" --latency -s bench/consent/decisions.lua "$2/api/v1/consent/decisions" >"$one" &
  local first=$!
  VERN_VISITORS="$5" wrk -t1 -c"$half" -d"$1s" --latency -s bench/consent/decisions.lua "$4/api/v1/consent/decisions" >"$two" &
  wait "$first" $!
  python3 - "$(grep '^RESULT' "$one")" "$(grep '^RESULT' "$two")" <<'PY'
import re, sys
rows = [{k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", line)} for line in sys.argv[1:]]
print(f"{sum(r['rps'] for r in rows):.0f} {max(r['p99'] for r in rows):.1f} {sum(r['non2xx'] + r['errors'] for r in rows):.0f}")
PY
  rm -f "$one" "$two"
}

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); $CONNECTIONS connections, ${DURATION}s each; PostgreSQL ($("${PSQL[@]}" -c "SELECT 'fsync ' || current_setting('fsync') || ', synchronous_commit ' || current_setting('synchronous_commit')"))"
load 5 "${FIRST[1]}" "${FIRST[3]}" "${FIRST[1]}" "${FIRST[3]}" >/dev/null
read -r one_rps one_p99 one_bad <<<"$(load "$DURATION" "${FIRST[1]}" "${FIRST[3]}" "${FIRST[1]}" "${FIRST[3]}")"
load 5 "${FIRST[1]}" "${FIRST[3]}" "${SECOND[1]}" "${SECOND[3]}" >/dev/null
read -r two_rps two_p99 two_bad <<<"$(load "$DURATION" "${FIRST[1]}" "${FIRST[3]}" "${SECOND[1]}" "${SECOND[3]}")"
echo "one server:  $one_rps req/s, p99 $one_p99 ms, failed $one_bad"
echo "two servers: $two_rps req/s, p99 $two_p99 ms, failed $two_bad"

# The log both appended to, checked from the first server's data directory (its checkpoints).
kill "${FIRST[0]}" "${SECOND[0]}"; wait "${FIRST[0]}" "${SECOND[0]}" 2>/dev/null || true
verified="$(cd "${FIRST[2]}" && env "${SERVER_ENV[@]}" dotnet "$DLL" ledger verify 2>&1 | tail -1)" || { echo "ledger verify failed: $verified"; exit 1; }
echo "ledger verify: $verified"
python3 -c "r=$two_rps/$one_rps; print(f'two servers: {r:.2f}x one server (target 1.5x):', 'met' if r >= 1.5 else 'NOT met'); raise SystemExit(0 if r >= 1.5 and $one_bad + $two_bad == 0 else 1)"
