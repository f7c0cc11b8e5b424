#!/usr/bin/env bash
# Attacks a local Vern the way an outsider would: sqlmap against every public endpoint that takes
# input, then wapiti against the whole site. Vern runs as it does in production: the Production
# environment, over https (a throw-away self-signed certificate), with a data directory of its own.
# Only the public rate limits are off, or the scanners would measure them instead of Vern.
#
# Needs the .NET SDK and the Debian packages sqlmap, wapiti and openssl (which bring python3 and curl).
#
#   eng/scan.sh
#
# SCAN_LEVEL (sqlmap --level, default 2: also tests cookies), SCAN_JOBS (sqlmaps at once, default 8),
# SCAN_CRAWL_TIME and SCAN_ATTACK_TIME (wapiti's --max-scan-time and --max-attack-time per module,
# default 240 and 360 seconds) and SCAN_PORT change the defaults. The reports go to the directory
# printed first. Exit code 0 when no sqlmap target is injectable and wapiti reports nothing; 1 otherwise.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
level="${SCAN_LEVEL:-2}"
jobs="${SCAN_JOBS:-8}"
crawl_time="${SCAN_CRAWL_TIME:-240}"
attack_time="${SCAN_ATTACK_TIME:-360}"
for tool in sqlmap wapiti openssl curl python3 dotnet; do
  command -v "$tool" >/dev/null || { echo "eng/scan.sh needs $tool (apt-get install sqlmap wapiti openssl)" >&2; exit 1; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/vern-scan.XXXXXX")"
reports="$work/reports"
mkdir -p "$reports" "$work/targets"
say() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*"; }
say "reports: $reports"

# 127.0.0.2, not 127.0.0.1 or localhost: ASP.NET Core never sends HSTS to those two (so a developer's
# browser is not pinned to https for every local server), and the scan must see what a real host gets.
host=127.0.0.2
port="${SCAN_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.2", 0)); print(s.getsockname()[1])')}"
base="https://$host:$port"

say "building Vern (Release)"
dotnet build "$root/src/Vern/Vern.csproj" -c Release -v quiet -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$host" -addext "subjectAltName=IP:$host" \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null

say "starting Vern in Production at $base"
# In a session of its own, so that nothing aimed at this script's process group stops it mid-scan.
ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production setsid \
  dotnet "$root/src/Vern/bin/Release/net10.0/Vern.dll" serve \
  --environment=Production \
  --urls="$base" \
  --AllowedHosts="$host" \
  --Vern:PublicUrl="$base" \
  --Vern:DataDirectory="$work/data" \
  --Vern:RateLimiting:Enabled=false \
  --Kestrel:Certificates:Default:Path="$work/cert.pem" \
  --Kestrel:Certificates:Default:KeyPath="$work/key.pem" \
  >"$reports/server.log" 2>&1 &
server=$!
# Out of the job table, so that counting running jobs below counts only the scanners.
disown "$server"
trap 'kill "$server" 2>/dev/null || true' EXIT

http() { curl -sS --fail-with-body --cacert "$work/cert.pem" "$@"; }
json() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
for _ in $(seq 120); do
  http -o /dev/null "$base/healthz" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$reports/server.log"; exit 1; }
  sleep 1
done
http -o /dev/null "$base/healthz"
http -D - -o /dev/null "$base/" | grep -qi '^strict-transport-security: max-age=' \
  || { echo "Vern answered without HSTS: not Production over https?" >&2; exit 1; }

# Real ids and tokens, so that the endpoints that take them do their whole work under attack.
say "issuing a visitor id, a decision, a submission and two rights requests"
visitor="$(http -X POST "$base/api/v1/consent/visitors" | json visitorId)"
consent_cookie="vern_consent=$(python3 -c 'import json, sys, urllib.parse; print(urllib.parse.quote(json.dumps({"v": sys.argv[1]})))' "$visitor")"
decision_body="{\"visitorId\":\"$visitor\",\"revision\":1,\"language\":\"en\",\"action\":\"custom\",\"categories\":{\"analytics\":true,\"marketing\":false},\"gpc\":false}"
decision="$(http -X POST "$base/api/v1/consent/decisions" -H 'Content-Type: application/json' -d "$decision_body" | json id)"
submission_body="{\"form\":\"contact\",\"purpose\":\"customer-relationship\",\"email\":\"ada@example.com\",\"name\":\"Ada Lovelace\",\"company\":\"Analytical Engines\",\"phone\":\"+47 22 00 00 00\",\"message\":\"Hello\",\"visitorId\":\"$visitor\"}"
http -o /dev/null -X POST "$base/api/v1/submissions" -H 'Content-Type: application/json' -d "$submission_body"
rights_body='{"type":"access","email":"ada@example.com","details":"Everything you hold","language":"en"}'
verify_token() { grep -ho 'verify?token=[A-Za-z0-9_-]*' "$work"/data/outbox/*.eml 2>/dev/null | cut -d= -f2 | sort -u; }
http -o /dev/null -X POST "$base/api/v1/rights-requests" -H 'Content-Type: application/json' -d "$rights_body"
confirmed="$(verify_token)"
# Confirming the first request fulfils it, which e-mails a download link to its access package.
form_token() { grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
af="$(http -c "$work/jar" "$base/privacy/requests/verify?token=$confirmed" | form_token)"
http -o /dev/null -b "$work/jar" -X POST "$base/privacy/requests/verify" \
  --data-urlencode "Token=$confirmed" --data-urlencode "__RequestVerificationToken=$af"
http -o /dev/null -X POST "$base/api/v1/rights-requests" -H 'Content-Type: application/json' -d "$rights_body"
pending="$(verify_token | grep -vx "$confirmed")"
download=""
for _ in $(seq 60); do
  download="$(grep -ho 'download?token=[A-Za-z0-9_-]*' "$work"/data/outbox/*.eml 2>/dev/null | head -1 | cut -d= -f2)" || true
  [[ -n "$download" ]] && break
  sleep 1
done
[[ -n "$download" ]] || { echo "no access package link was e-mailed" >&2; exit 1; }
staff_id=0190a0c4-0000-7000-8000-000000000000
# The anti-forgery cookie the forms' tokens belong to, given to sqlmap as a cookie of its own: it then stays
# valid while another cookie is under test, and is itself tested.
http -o /dev/null -c "$work/af-jar" "$base/"
af_cookie="vern_af=$(awk '$6 == "vern_af" { print $7 }' "$work/af-jar")"

# One file per sqlmap target: its name, then its arguments; the slow ones (a password hash or an even
# response time per request, many fields) are marked slow (or slowest) and start first. A form posts with the
# anti-forgery token of a fresh copy of its page (--csrf-url differs from the form's address, so sqlmap
# fetches it with GET). sqlmap leaves alone any parameter whose name holds "token" below --level 4, so
# targets with one name every parameter to test with -p. The slowest forms become one target per
# parameter (each_parameter), which run side by side.
target() {
  local name="$1" order=2; shift
  case "$1" in slowest) order=0; shift ;; slow) order=1; shift ;; esac
  printf '%s\0' "$@" >"$work/targets/$order$(printf '%02d' "$(ls "$work/targets" | wc -l)")-$name"
}
json_post() { target "$1" "${@:4}" -u "$base$2" -H 'Content-Type: application/json' --data "$3"; }
each_parameter() {
  local post="$1" name="$2" parameters="$3" parameter; shift 3
  for parameter in ${parameters//,/ }; do "$post" "$name:$parameter" "$@" -p "$parameter"; done
}
form_post() {
  local name=("$1") path="$2" data="$3" page="$4" cookies="$af_cookie"; shift 4
  [[ "${1:-}" == slow* ]] && { name+=("$1"); shift; }
  [[ "${1:-}" == vern_consent ]] && { cookies="$cookies; $consent_cookie"; shift; }
  target "${name[@]}" -u "$base$path" --data "$data&__RequestVerificationToken=x" --cookie="$cookies" \
    --csrf-token=__RequestVerificationToken --csrf-url="$base$page" "$@"
}

# The public API. POST /api/v1/consent/visitors takes no input (no body, no parameter), so it is not a target.
target    api-config                -u "$base/api/v1/consent/config?lang=en"
json_post api-decisions             /api/v1/consent/decisions "$decision_body" slow
target    api-decision              -u "$base/api/v1/consent/decisions/$decision*"
target    api-decision-current      -u "$base/api/v1/consent/decisions/$decision*/current"
target    api-visitor-decisions     -u "$base/api/v1/consent/visitors/$visitor*/decisions"
json_post api-rights-requests       /api/v1/rights-requests "$rights_body" slow
each_parameter json_post api-submissions form,purpose,email,name,company,phone,message,visitorId \
  /api/v1/submissions "$submission_body" slowest
# The privacy centre: its pages read ?lang= and Accept-Language; its forms post with anti-forgery tokens.
for page in privacy privacy/policy privacy/policy/versions privacy/cookies privacy/subprocessors \
  privacy/subprocessors.atom privacy/preferences privacy/requests; do
  target "$(tr / - <<<"$page")" -u "$base/$page?lang=en"
done
target    privacy-accept-language   -u "$base/privacy/cookies" -H 'Accept-Language: nb*'
target    privacy-atom-accept-language -u "$base/privacy/subprocessors.atom" -H 'Accept-Language: nb*'
target    privacy-policy-version    -u "$base/privacy/policy/versions/1*?lang=en"
form_post privacy-requests-form     /privacy/requests "Type=access&Email=grace%40example.com&Details=Everything" \
  "/privacy/requests?lang=en" slow
target    privacy-verify            -u "$base/privacy/requests/verify?token=$pending&lang=en" --cookie="$consent_cookie" \
  -p token,lang,vern_consent
form_post privacy-verify-form       /privacy/requests/verify "Token=$pending&IncludeBrowser=true" \
  "/privacy/requests/verify?token=$pending" slow vern_consent -p Token,IncludeBrowser,vern_af,vern_consent
target    privacy-download          -u "$base/privacy/requests/download?token=$download&lang=en" -p token,lang
form_post privacy-download-form     /privacy/requests/download "Token=$download" \
  "/privacy/requests/download?token=$download" -p Token,vern_af
# The demo website's forms, which record submissions in Vern, and the signup page's plan.
target    site-signup               -u "$base/signup?plan=business"
each_parameter form_post site-contact-form Name,Email,Company,Message,vern_af,vern_consent \
  /contact "Name=Ada&Email=ada%40example.com&Company=Engines&Message=Hello" /contact slowest vern_consent
each_parameter form_post site-signup-form Name,Email,Company,Phone,Plan,AcceptTerms,News,vern_af,vern_consent \
  /signup "Name=Ada&Email=ada%40example.com&Company=Engines&Phone=%2B4722000000&Plan=team&AcceptTerms=true&News=true" \
  /signup slowest vern_consent
form_post site-newsletter-form      /newsletter "Email=ada%40example.com" /
# The staff console's public doors: sign-in, its second step and the set-password link.
target    staff-login               -u "$base/admin/login?ReturnUrl=%2Fadmin"
each_parameter form_post staff-login-form Email,Password,ReturnUrl,vern_af \
  /admin/login "Email=staff%40example.com&Password=correct-horse-battery&ReturnUrl=%2Fadmin" /admin/login slowest
form_post staff-two-factor-form     /admin/login/two-factor "Code=123456&ReturnUrl=%2Fadmin" /admin/login slow
target    staff-set-password        -u "$base/admin/account/set-password?Id=$staff_id&Token=abc" -p Id,Token
form_post staff-set-password-form   /admin/account/set-password "Id=$staff_id&Token=abc&Password=correct-horse-battery" \
  "/admin/account/set-password?Id=$staff_id&Token=abc" slow -p Id,Token,Password,vern_af

say "sqlmap $(sqlmap --version 2>/dev/null | head -1) at --level $level, $(ls "$work/targets" | wc -l) targets, $jobs at a time"
# Every page with a form carries a fresh anti-forgery token, so pages are compared by their text
# (--text-only). When a comparison still looks like a boolean injection, sqlmap's check proves it false,
# but by default it would also drop the payloads of every database but the one it guessed, and test
# fewer; --answers keeps them all.
run_sqlmap() {
  local file="$1" name args
  name="$(basename "$file" | cut -d- -f2-)"
  mapfile -d '' args <"$file"
  sqlmap --batch --flush-session --level "$level" --text-only \
    --answers="skip test payloads=N,include all tests=N" --output-dir="$work/sqlmap/$name" "${args[@]}" \
    >"$reports/sqlmap-$name.log" 2>&1 || true
  say "  sqlmap done: $name"
}
for file in "$work"/targets/*; do
  while (($(jobs -rp | wc -l) >= jobs)); do wait -n || true; done
  run_sqlmap "$file" &
done
wait
kill -0 "$server" 2>/dev/null || { echo "Vern stopped during the sqlmap runs; see $reports/server.log" >&2; exit 1; }

# Every page carries the newsletter form with a fresh anti-forgery token, which the crawler would take
# for a hundred different forms: -S paranoid keeps a few copies of each form and address pattern.
# Pages no link leads to are given as start points.
say "wapiti $(wapiti --version 2>/dev/null | grep -o 'Wapiti-[0-9.]*') against $base/ (crawl ${crawl_time}s, ${attack_time}s per module)"
wapiti -u "$base/" --scope folder -S paranoid --flush-session --no-bugreport -v 1 \
  --store-session "$work/wapiti-session" --store-config "$work/wapiti-config" \
  --max-scan-time "$crawl_time" --max-attack-time "$attack_time" \
  -s "$base/api/v1/consent/config?lang=en" \
  -s "$base/api/v1/consent/decisions/$decision" \
  -s "$base/privacy/subprocessors.atom?lang=en" \
  -s "$base/privacy/requests/verify?token=$pending" \
  -s "$base/privacy/requests/download?token=$download" \
  -s "$base/admin/login" \
  -s "$base/admin/account/set-password?Id=$staff_id&Token=abc" \
  -f json -o "$reports/wapiti.json" >"$reports/wapiti.log" 2>&1 || true
kill -0 "$server" 2>/dev/null || { echo "Vern stopped during the wapiti run; see $reports/server.log" >&2; exit 1; }

say "summary"
python3 - "$reports" "$work/targets" <<'EOF' | tee "$reports/summary.txt"
import json, os, re, sys
reports, targets = sys.argv[1], sys.argv[2]
findings = 0
print("sqlmap")
# In the order the script lists them: the file names start with the run order, then the list's.
for file in sorted(os.listdir(targets), key=lambda f: f.split("-", 1)[0][1:]):
    name = file.split("-", 1)[1]
    log = open(os.path.join(reports, f"sqlmap-{name}.log"), encoding="utf-8", errors="replace").read()
    tested = len(set(re.findall(r"testing for SQL injection on (.+)", log)))
    if "identified the following injection point" in log:
        verdict, findings = "INJECTABLE", findings + 1
    elif "all tested parameters do not appear to be injectable" in log and tested:
        verdict = f"not injectable ({tested} parameter{'s' if tested != 1 else ''})"
    else:
        verdict, findings = f"ERROR, see sqlmap-{name}.log", findings + 1
    print(f"  {name:34} {verdict}")
print("wapiti")
try:
    report = json.load(open(os.path.join(reports, "wapiti.json"), encoding="utf-8"))
except (OSError, ValueError):
    print("  ERROR: no report, see wapiti.log")
    sys.exit(1)
for kind in ("vulnerabilities", "anomalies"):
    items = [(category, item) for category, found in report.get(kind, {}).items() for item in found]
    findings += len(items)
    print(f"  {kind}: {len(items)}")
    for category, item in items:
        print(f"    {category}: {item.get('info')} ({item.get('method')} {item.get('path')})")
# A crawl that reached nothing reports nothing: too few addresses is a failed scan, not a clean one.
log = open(os.path.join(reports, "wapiti.log"), encoding="utf-8", errors="replace").read()
crawled = int((re.findall(r"Wapiti found (\d+) URLs and forms", log) or ["0"])[-1])
unreachable = log.count("Connection error with URL")
print(f"  URLs and forms crawled and attacked: {crawled}")
if crawled < 30 or unreachable:
    findings += 1
    print(f"  ERROR: too few addresses crawled or {unreachable} unreachable, see wapiti.log")
print(f"findings: {findings}")
sys.exit(1 if findings else 0)
EOF
