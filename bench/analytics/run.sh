#!/usr/bin/env bash
# Load test of POST /api/v1/analytics/events against a trivial endpoint of the same app, measured in one run (ratios,
# not absolute numbers: the machine is shared). The visitors consented to statistics before the run, so every event
# passes the processing gate and is written. Needs wrk and sqlite3 (apt-get install wrk sqlite3).
# Usage: bench/analytics/run.sh [duration-seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${1:-20}"
CONNECTIONS="${2:-64}"
THREADS=2
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing: apt-get install sqlite3" >&2; exit 2; }

dotnet build src/Vern -c Release -v quiet -nologo >/dev/null
source bench/consent/serve.sh
start_vern "$PWD/src/Vern/bin/Release/net10.0/Vern.dll"
trap stop_vern EXIT

# Each visitor allows statistics in the banner first.
python3 - "$URL" "$VERN_VISITORS" "$VERN_REVISION" <<'PY'
import http.client, json, sys, urllib.parse
url = urllib.parse.urlparse(sys.argv[1])
connection = http.client.HTTPConnection(url.hostname, url.port)
for visitor in open(sys.argv[2]).read().split():
    body = json.dumps({"visitorId": visitor, "revision": int(sys.argv[3]), "language": "en", "action": "accept_all",
                       "categories": {"analytics": True, "marketing": True}, "gpc": False})
    connection.request("POST", "/api/v1/consent/decisions", body, {"Content-Type": "application/json"})
    response = connection.getresponse(); response.read()
    assert response.status == 201, response.status
PY

stored() { sqlite3 "$DATA/data/vern.db" 'SELECT count(*) FROM "AnalyticsEvents"'; }

measure() { # name url script: the measured run's RESULT line, with warmup=<requests of the warm-up>
  local warmup line
  warmup="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$3" "$2" | sed -n 's/^RESULT.* requests=\([0-9]*\).*/\1/p')"
  line="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$3" "$2" | grep '^RESULT')"
  echo "$1 $line warmup=${warmup:-0}"
}

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); $CONNECTIONS connections, ${DURATION}s each, SQLite"
trivial="$(measure trivial "$URL/.well-known/gpc.json" bench/consent/get.lua)"
before="$(stored)"
events="$(measure events "$URL/api/v1/analytics/events" bench/analytics/events.lua)"
sleep 1
after="$(stored)"
printf '%s\n%s\n' "$trivial" "$events"

python3 - "$trivial" "$events" "$before" "$after" <<'PY'
import re, sys
rows = {}
for line in sys.argv[1:3]:
    rows[line.split()[0]] = {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", line)}
ratio = rows["events"]["rps"] / rows["trivial"]["rps"]
# Every event accepted in the warm-up and the measured run must be in the database a second after the load stops
# (wrk's last requests may still be in flight when it stops counting, so a few more can be written than counted).
written = int(sys.argv[4]) - int(sys.argv[3])
accepted = int(rows["events"]["requests"] + rows["events"]["warmup"])
print(f"events: {rows['events']['rps']:.0f} req/s = {ratio:.0%} of trivial (floor 50%), p99 {rows['events']['p99']:.1f} ms (ceiling 20 ms), non-2xx {rows['events']['non2xx']:.0f}")
print(f"written within a second of the end: {written} events of {accepted} accepted")
ok = ratio >= 0.5 and rows["events"]["p99"] <= 20 and rows["events"]["non2xx"] == 0 and written >= accepted
sys.exit(0 if ok else 1)
PY
