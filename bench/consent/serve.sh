# Sourced by the consent benchmarks. start_vern runs a built Vern.dll on a fresh SQLite data
# directory and a free loopback port, rate limiting off, with the public address that serving outside
# Development requires (receipts name it as issuer), and waits until it is healthy; it sets
# SERVER (the pid), URL, DATA, VERN_REVISION and VERN_VISITORS (a file of issued visitor ids; both read
# by decisions.lua). stop_vern ends it.
# Usage: start_vern path/to/Vern.dll [NAME=value ...]   (extra environment for the server)
start_vern() {
  DATA="$(mktemp -d /tmp/vern-consent-bench.XXXXXX)"
  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  URL="http://127.0.0.1:$port"
  ( cd "$DATA" && exec env "${@:2}" dotnet "$1" --urls="$URL" \
      --Vern:RateLimiting:Enabled=false --Logging:LogLevel:Default=Warning \
      --Vern:PublicUrl=https://privacy.example.com ) > "$DATA/server.log" 2>&1 &
  SERVER=$!
  until curl -sf "$URL/healthz" >/dev/null; do
    kill -0 "$SERVER" 2>/dev/null || { cat "$DATA/server.log" >&2; echo "Vern did not start" >&2; return 1; }
    sleep 0.2
  done
  VERN_REVISION="$(curl -sf "$URL/api/v1/consent/config?lang=en" | python3 -c 'import json,sys; print(json.load(sys.stdin)["revision"])')"
  export VERN_REVISION
  # Vern takes decisions only under visitor ids it issued, so the load cycles through a pool of them.
  VERN_VISITORS="$DATA/visitors.txt"
  python3 - "$URL" 4096 > "$VERN_VISITORS" <<'PY'
import http.client, json, sys, urllib.parse
url = urllib.parse.urlparse(sys.argv[1])
connection = http.client.HTTPConnection(url.hostname, url.port)
for _ in range(int(sys.argv[2])):
    connection.request("POST", "/api/v1/consent/visitors")
    print(json.load(connection.getresponse())["visitorId"])
PY
  export VERN_VISITORS
}

stop_vern() {
  [ -n "${SERVER:-}" ] || return 0
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  rm -rf "$DATA"
  SERVER=""
}
