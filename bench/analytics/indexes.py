"""What each index of the statistics events costs a batch of the writer, outside Vern: batches of 4,000 page views
from 4,096 visitors (as run.sh sends them) inserted and committed into a SQLite table of the events' columns, 90
batches, with the indexes named on the command line. Usage: python3 bench/analytics/indexes.py none site site+time
site+time+visitor site+time+vday"""
import hashlib, os, sqlite3, sys, tempfile, time

COLUMNS = "Site, OccurredAt, Kind, Visitor, Cookieless, Path, ReferrerHost, UtmSource, UtmMedium, UtmCampaign, Screen, Browser, BrowserVersion, Device, EngagedMs, Name, Props"
VISITORS = [hashlib.md5(str(i).encode()).hexdigest() for i in range(4096)]

def run(variant, directory):
    db = sqlite3.connect(os.path.join(directory, "events.db"), isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(f"CREATE TABLE events (Id INTEGER PRIMARY KEY AUTOINCREMENT, {COLUMNS})")
    if "site" in variant: db.execute("CREATE INDEX by_site ON events (Site, OccurredAt)")
    if "time" in variant: db.execute("CREATE INDEX by_time ON events (OccurredAt)")
    if "visitor" in variant: db.execute("CREATE INDEX by_visitor ON events (Visitor)")
    if "vday" in variant: db.execute("CREATE TABLE visitor_days (Visitor TEXT, Day TEXT, PRIMARY KEY (Visitor, Day))")
    n, times = 0, []
    for _ in range(90):
        rows = []
        for _ in range(4000):
            n += 1
            at = "2026-12-08 04:%02d:%02d.%07d" % (n // 600000 % 60, n // 10000 % 60, n % 10000000)
            rows.append(("privacy.example.com", at, "PageView", VISITORS[n % 4096], 0, "/pricing", "www.google.com", "bench", None, None, "Large", "Chrome", 131, "Desktop", None, None, None))
        start = time.perf_counter()
        db.execute("BEGIN")
        db.executemany(f"INSERT INTO events ({COLUMNS}) VALUES ({', '.join('?' * 17)})", rows)
        if "vday" in variant:
            db.executemany("INSERT INTO visitor_days VALUES (?, ?) ON CONFLICT DO NOTHING", {(r[3], r[1][:10]) for r in rows})
        db.execute("COMMIT")
        times.append(time.perf_counter() - start)
    print(f"{variant}: a batch of the last 30 (table of {n - 120000:,} to {n:,} rows) took {1000 * sum(times[-30:]) / 30:.1f} ms on average")

for variant in sys.argv[1:] or ["none"]:
    with tempfile.TemporaryDirectory(prefix="vern-indexes-") as directory:
        run(variant, directory)
