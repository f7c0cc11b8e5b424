#!/usr/bin/env bash
# What a decision would reach without parts of its work: the same server built with
# lower-bound.patch, which skips the receipt's signature and/or the ledger's database write
# when VERN_BENCH_SKIP names them. Each variant runs on a fresh server against the trivial
# endpoint in the same minute, rounds alternating, so the shares compare despite the noise.
# Needs wrk. Usage: bench/consent/lower-bound.sh [rounds] [seconds] [warm-up seconds]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS="${1:-3}"
DURATION="${2:-10}"
WARMUP="${3:-5}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }

WORK="$(mktemp -d /tmp/vern-lower-bound.XXXXXX)"
source bench/consent/serve.sh
cleanup() {
  stop_vern
  git worktree remove --force "$WORK/src" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
git worktree add --detach "$WORK/src" HEAD >/dev/null 2>&1
git -C "$WORK/src" apply "$PWD/bench/consent/lower-bound.patch"
dotnet build "$WORK/src/src/Vern" -c Release -v quiet -nologo >/dev/null
DLL="$WORK/src/src/Vern/bin/Release/net10.0/Vern.dll"

measure() { # url script -> "rps p99 cpu-µs-per-request"
  wrk -t2 -c64 -d"${WARMUP}s" -s "bench/consent/$2" "$1" >/dev/null
  local before after line
  before="$(awk '{print $14 + $15}' /proc/"$SERVER"/stat)"
  line="$(wrk -t2 -c64 -d"${DURATION}s" --latency -s "bench/consent/$2" "$1" | grep '^RESULT')"
  after="$(awk '{print $14 + $15}' /proc/"$SERVER"/stat)"
  python3 -c 'import re,sys; r=dict(re.findall(r"(\w+)=([\d.]+)", sys.argv[1])); rps=float(r["rps"]); p99=float(r["p99"]); cpu=(float(sys.argv[3])-float(sys.argv[2]))*1e6/float(sys.argv[5])/(rps*float(sys.argv[4])); print(f"{rps:.0f} {p99:.1f} {cpu:.1f}")' \
    "$line" "$before" "$after" "$DURATION" "$(getconf CLK_TCK)"
}

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| round | variant | trivial req/s | decisions req/s | share | p99 | server CPU per decision / per trivial |"
echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: |"
for round in $(seq "$ROUNDS"); do
  for skip in none signing ledger signing,ledger; do
    start_vern "$DLL" VERN_BENCH_SKIP="$skip"
    read -r t_rps _ t_cpu <<<"$(measure "$URL/.well-known/gpc.json" get.lua)"
    read -r d_rps d_p99 d_cpu <<<"$(measure "$URL/api/v1/consent/decisions" decisions.lua)"
    stop_vern
    share="$(python3 -c "print(f'{$d_rps / $t_rps:.0%}')")"
    echo "| $round | skip $skip | $t_rps | $d_rps | $share | $d_p99 ms | $d_cpu / $t_cpu µs |"
  done
done
