"""The daily path of `make eval`: mornings of `aa run` against a warehouse that fills the way a real one does.

Each morning runs `aa run --date D` on a fresh archive's history, with every day before D as finally loaded and D as
first loaded (a partial load at a fraction of its rows). The monitor carries the shipped BigQuery monitor's volume
completeness check, with `settle` shortened to one second and a pause of a little more between mornings that left
a day unjudged, so "the next morning" is a second later. Mornings run around the outage (and the partial load the
day after it, and three weeks of baselines that must not remember it), the unconfigured dip and the holiday.
"""
import json
import os
import sqlite3
import subprocess
import time

COLUMNS = ["visitors", "requests", "quotes", "hires", "revenue"]
HYGIENE_DAYS = 21
SETTLE_SECONDS = 1


def registry(batch_registry, folder):
    """The backtest's monitor with a volume completeness check whose settle time is one second."""
    shipped = json.load(open(batch_registry))
    monitor = shipped["monitors"][0]
    monitor["completeness"] = {"check": "volume", "metric": "visitors", "min_share_of_expected": 0.85,
                               "settle": f"{SETTLE_SECONDS}s"}
    path = os.path.join(folder, "daily-monitors.json")
    with open(path, "w") as handle:
        json.dump(shipped, handle, indent=2)
    return path


class Warehouse:
    """funnel_daily at the base grain, loaded a morning at a time."""

    def __init__(self, path, base):
        if os.path.exists(path):
            os.remove(path)
        self.db = sqlite3.connect(path)
        self.db.execute("CREATE TABLE funnel_daily (ds TEXT, platform TEXT, region TEXT, channel TEXT, visitors INTEGER, "
                        "requests INTEGER, quotes INTEGER, hires INTEGER, revenue REAL)")
        self.rows = {}
        for row in base:
            self.rows.setdefault(row[0], []).append(row)
        self.days = sorted(self.rows)
        self.final = set()
        self.partial = None

    def morning(self, day, first_load=1.0):
        """Every day before `day` as finally loaded, `day` at `first_load` of its rows' counts."""
        insert = "INSERT INTO funnel_daily VALUES (?,?,?,?,?,?,?,?,?)"
        if self.partial is not None:
            self.db.execute("DELETE FROM funnel_daily WHERE ds = ?", (self.partial,))
            self.partial = None
        for d in self.days:
            if d < day and d not in self.final:
                self.db.executemany(insert, self.rows[d])
                self.final.add(d)
        if first_load == 1.0:
            self.db.executemany(insert, self.rows[day])
            self.final.add(day)
        else:
            self.db.executemany(insert, [row[:4] + [round(v * first_load) for v in row[4:8]] + [round(row[8] * first_load, 2)]
                                         for row in self.rows[day]])
            self.partial = day
        self.db.commit()


def mornings(generated):
    """The run dates to simulate, in order, and the first-load fraction of each."""
    cases = {c["class"]: c for c in generated["cases"]}
    dates = generated["dates"]
    index = {d: i for i, d in enumerate(dates)}
    wanted = set()
    outage = index[cases["outage"]["dates"][0]]
    wanted.update(range(outage, min(len(dates), outage + 2 + HYGIENE_DAYS)))
    for name in ("unconfigured_dip", "holiday"):
        day = index[cases[name]["dates"][0]]
        wanted.update(range(day, min(len(dates), day + 2)))
    loads = {d: c["first_load"] for c in generated["cases"] if "first_load" in c for d in c["dates"]}
    return [(dates[i], loads.get(dates[i], 1.0)) for i in sorted(wanted)]


def run(aa, folder, generated, batch_registry):
    """Runs the mornings; returns what each run date went through: first look, resolution, alerts."""
    reg = registry(batch_registry, folder)
    archive = os.path.join(folder, "daily-archive.sqlite")
    for suffix in ("", "-wal", "-shm", ".lock"):
        if os.path.exists(archive + suffix):
            os.remove(archive + suffix)
    warehouse = os.path.join(folder, "daily-warehouse.sqlite")
    store = Warehouse(warehouse, generated["base"])
    days = {}
    pause = False
    planned = mornings(generated)
    dates = generated["dates"]
    for morning, load in planned:
        if pause:
            time.sleep(SETTLE_SECONDS + 0.1)
        store.morning(morning, load)
        result = subprocess.run([aa, "run", "--date", morning, "--registry", reg, "--warehouse", warehouse,
                                 "--archive", archive, "--no-ai", "--json", "--quiet"], capture_output=True, text=True)
        if result.returncode not in (0, 1):
            raise SystemExit(f"aa run --date {morning} failed: {result.stderr.strip()}")
        pause = False
        for entry in json.loads(result.stdout)["runs"]:
            day = days.setdefault(entry["run_date"], {"incomplete_first": None, "resolved_on": None, "alerts": []})
            if entry["status"] == "incomplete":
                pause = True
                if day["incomplete_first"] is None:
                    day["incomplete_first"] = morning
            else:
                if day["incomplete_first"] is not None and day["resolved_on"] is None:
                    day["resolved_on"] = morning
                # A day judged again (late, or after a restatement) with the same alert posts nothing new: once per cell.
                for f in entry.get("findings", []):
                    alert = {"date": entry["run_date"], "metric": f["metric"], "dimension": f["dimension"], "slice": f["slice"]}
                    if f.get("alerts") and alert not in day["alerts"]:
                        day["alerts"].append(alert)
        following = dates[dates.index(morning) + 1] if morning != dates[-1] else None
        if following and all(m != following for m, _ in planned) and any(
                v["incomplete_first"] and not v["resolved_on"] for v in days.values()):
            planned.append((following, 1.0))  # a day left unjudged gets its next morning
    return days


def score(days, generated, n_series):
    """Incidents found on the daily path, holidays called incomplete, incomplete days resolved within a day of their last load,
    partial loads alerted, and false alerts (every alert on no incident's cells) per series-month simulated."""
    cases = {c["class"]: c for c in generated["cases"]}
    index = {d: i for i, d in enumerate(generated["dates"])}

    def hit(alert, case):
        return alert["date"] in case["dates"] and any(
            (alert["metric"], alert["dimension"], alert["slice"]) == (c["metric"], c["dimension"], c["slice"]) for c in case["cells"])

    alerts = [a for d in days.values() for a in d["alerts"]]
    incidents = [c for c in generated["cases"] if c["incident"]]
    daily_cases = [cases["outage"], cases["unconfigured_dip"]]
    incomplete = [d for d, v in days.items() if v["incomplete_first"]]
    # A day is due one day after its last load: the morning after it (after the morning after, for a partial load).
    last_load = {d: index[d] + 1 for d in cases["partial_load"]["dates"]}
    resolved = [d for d in incomplete if days[d]["resolved_on"] and index[days[d]["resolved_on"]] - last_load.get(d, index[d]) <= 1]
    false = [a for a in alerts if not any(hit(a, c) for c in incidents)]
    return {
        "daily_incidents": len(daily_cases), "daily_found": sum(any(hit(a, c) for a in alerts) for c in daily_cases),
        "holidays_incomplete": sum(1 for d in cases["holiday"]["dates"] if days.get(d, {}).get("incomplete_first")),
        "incomplete_days": len(incomplete), "resolved_in_a_day": len(resolved),
        "partial_loads_alerted": sum(1 for a in alerts if a["date"] in cases["partial_load"]["dates"]),
        "daily_false_alerts": len(false), "daily_series_months": n_series * len(days) / 30.44,
    }
