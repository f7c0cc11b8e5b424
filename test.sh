#!/usr/bin/env bash
# Runs every test against SQLite and a real PostgreSQL server, with Debian's Chromium for the
# browser tests. Installs what is missing, starts PostgreSQL on a private port, and stops it again.
set -euo pipefail
cd "$(dirname "$0")"

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

log() { printf '\n== %s\n' "$*"; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

missing=()
[ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ] || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# The README's receipt verification recipe is run by the tests with Debian's Python and jwcrypto.
/usr/bin/python3 -c 'import jwcrypto' 2>/dev/null || missing+=(python3-jwcrypto)
if [ ${#missing[@]} -gt 0 ]; then
  log "Installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" fonts-liberation >/dev/null
fi

# The suite starts some 400 in-process apps and each keeps a file watch (one inotify instance) until the
# test process ends; Debian allows 128 per user, which a second suite running at the same time exhausts.
if [ "$(cat /proc/sys/fs/inotify/max_user_instances 2>/dev/null || echo 1024)" -lt 1024 ]; then
  $SUDO sysctl -q -w fs.inotify.max_user_instances=1024 || log "Could not raise fs.inotify.max_user_instances; continuing"
fi

# A private PostgreSQL cluster, owned by the postgres user, on a free loopback port.
PG_BIN="$(pg_bin)"
PG_DIR="$(mktemp -d /tmp/vern-pg.XXXXXX)"
PG_PORT="${VERN_TEST_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}"
chmod 755 "$PG_DIR"
$SUDO chown postgres:postgres "$PG_DIR"
as_postgres() { $SUDO runuser -u postgres -- "$@"; }
stop_postgres() {
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  $SUDO rm -rf "$PG_DIR"
}
trap stop_postgres EXIT
log "Starting PostgreSQL on 127.0.0.1:$PG_PORT"
as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust --no-sync >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
export VERN_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Pooling=true"

log "Restoring and checking formatting"
dotnet tool restore >/dev/null
dotnet restore Vern.slnx >/dev/null
dotnet format Vern.slnx --verify-no-changes --no-restore

log "Building"
dotnet build Vern.slnx --no-restore -c Release -warnaserror -v quiet -nologo

log "Testing"
RESULTS="$(mktemp -d /tmp/vern-results.XXXXXX)"
status=0
# A test that hangs is stopped after 10 minutes (the slowest takes under a minute) and named in the
# output, instead of holding the run until CI gives up on it.
dotnet test tests/Vern.Tests --no-build -c Release --logger "trx;LogFileName=results.trx" \
  --logger "console;verbosity=normal" --results-directory "$RESULTS" \
  --blame-hang-timeout 10m --blame-hang-dump-type none || status=$?

passed=$(grep -o '<UnitTestResult [^>]*outcome="Passed"' "$RESULTS"/*.trx 2>/dev/null | wc -l || true)
failed=$(grep -o '<UnitTestResult [^>]*outcome="Failed"' "$RESULTS"/*.trx 2>/dev/null | wc -l || true)
skipped=$(grep -o '<UnitTestResult [^>]*outcome="NotExecuted"' "$RESULTS"/*.trx 2>/dev/null | wc -l || true)
if [ "$failed" -gt 0 ]; then
  # Repeated last so that the tail of a long log, which is often all a CI page keeps, names what failed.
  log "Failed tests"
  python3 - "$RESULTS" <<'PY' || true
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for trx in glob.glob(sys.argv[1] + "/*.trx"):
    for r in ET.parse(trx).getroot().iterfind(".//t:UnitTestResult[@outcome='Failed']", ns):
        message = r.findtext(".//t:ErrorInfo/t:Message", default="", namespaces=ns).strip()
        trace = r.findtext(".//t:ErrorInfo/t:StackTrace", default="", namespaces=ns).strip()
        print("FAILED " + r.get("testName"))
        for line in (message.splitlines()[:12] + trace.splitlines()[:6]):
            print("    " + line)
PY
fi
rm -rf "$RESULTS"
echo
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "The test run did not finish: see \"The test running when the crash occurred\" above." >&2
fi
if [ "$passed" -eq 0 ]; then
  echo "No test ran." >&2
  exit 1
fi
exit $status
