# Sourced by the consent benchmarks. start_vern runs a built Vern.dll on a fresh SQLite data
# directory and a free loopback port, rate limiting off, with the public address that serving outside
# Development requires (receipts name it as issuer), and waits until it is healthy; it sets
# SERVER (the pid), URL, DATA, VERN_REVISION and VERN_VISITORS (a file of issued visitor ids; both read
# by decisions.lua). stop_vern ends it.
# Usage: start_vern path/to/Vern.dll [NAME=value ...]   (extra environment for the server)
# With SEED_DATA set to another server's directory, the new one starts with a copy of its data files (its keys),
# as a second server of one installation does.
start_vern() {
  DATA="$(mktemp -d /tmp/vern-consent-bench.XXXXXX)"
  [ -z "${SEED_DATA:-}" ] || { mkdir "$DATA/data" && find "$SEED_DATA/data" -maxdepth 1 -type f -exec cp {} "$DATA/data" \; ; }
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

# use_postgres: VERN_BENCH_POSTGRES names a PostgreSQL server (an Npgsql connection string without a database,
# e.g. Host=127.0.0.1;Port=55433;Username=postgres). Creates two fresh databases on it and sets SERVER_ENV (the
# environment that points Vern at them: the main database and the key store) and PSQL (psql on that server).
use_postgres() {
  local host port user suffix
  host="$(sed -n 's/.*[Hh]ost=\([^;]*\).*/\1/p' <<<"$VERN_BENCH_POSTGRES")"
  port="$(sed -n 's/.*[Pp]ort=\([^;]*\).*/\1/p' <<<"$VERN_BENCH_POSTGRES")"
  user="$(sed -n 's/.*[Uu]sername=\([^;]*\).*/\1/p' <<<"$VERN_BENCH_POSTGRES")"
  PSQL=(psql -h "${host:-127.0.0.1}" -p "${port:-5432}" -U "${user:-postgres}" -d postgres -qAt)
  suffix="$(date +%s%N)"
  "${PSQL[@]}" -c "CREATE DATABASE vern_consent_$suffix" -c "CREATE DATABASE vernkeys_consent_$suffix"
  SERVER_ENV=(Database__Provider=Postgres "ConnectionStrings__Vern=$VERN_BENCH_POSTGRES;Database=vern_consent_$suffix"
    KeyStore__Provider=Postgres "ConnectionStrings__VernKeys=$VERN_BENCH_POSTGRES;Database=vernkeys_consent_$suffix")
}
