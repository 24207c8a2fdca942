"""`make eval`: detection quality on labelled panels, aa beside the seed-style detector, per case class.

Usage: eval.py AA_BINARY [--seeds 1,2,3] [--days 300] [--out DIR] [--registry monitors.json] [--no-daily]

For each seed: generate a panel (panel.py), write a registry whose monitor reads it with the shipped detection rules
(the demo monitor's, never tuned to a panel), run `aa backtest --data` on it, run the seed's rule (|z| > 3 against
the trailing 28-day mean and std, today left out, and |week-over-week change| > 10 %) on the same rows, and score
both with one scorer: incident recall (an incident counts once found on any of its days, on one of the cells it
moved), alert-day precision (the share of days with any alert that were incident days — what a channel sees), false
alerts per series-month, and per case class. Then the daily path (daily.py): mornings of `aa run` on a warehouse
that fills like a real one, around the outage and its partial load, the dip and the holiday. Prints both tables
with the targets beside each figure and says which are met.
"""
import csv
import json
import math
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import daily  # noqa: E402
import panel  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
METRICS = [("visitors", "count", "visitors", None), ("requests", "count", "requests", None), ("quotes", "count", "quotes", None),
           ("hires", "count", "hires", None), ("revenue", "sum", "revenue", None),
           ("request_rate", "ratio", "requests", "visitors"), ("quote_rate", "ratio", "quotes", "requests"),
           ("hire_rate", "ratio", "hires", "quotes"), ("revenue_per_hire", "ratio", "revenue", "hires")]
SMALL = {("region", "island"), ("region", "territory"), ("region", "abroad"), ("platform", "tv"), ("platform", "watch")}
TARGETS = {"recall": (">=", 1.0), "alert_day_precision": (">=", 0.9), "false_per_series_month": ("<=", 0.005),
           "volatile_spikes_alerted": ("<=", 0.10), "small_drops_found": (">=", 1.0), "holidays_alerted": ("<=", 0.0)}
DAILY_TARGETS = {"daily_recall": (">=", 1.0), "holidays_called_incomplete": ("<=", 0.0),
                 "incomplete_resolved_in_a_day": (">=", 1.0), "partial_loads_alerted": ("<=", 0.0),
                 "daily_false_per_series_month": ("<=", 0.005)}


def registry(folder, expected_days, source):
    """The demo monitor's entry in `source` (the shipped registry: its detection rules) reading the panel's four
    dimensions."""
    shipped = json.load(open(source))
    monitor = next(m for m in shipped["monitors"] if m["name"] == "revenue_funnel_demo")
    monitor = dict(monitor, name="eval_panel", description="make eval's labelled panel", expected_days=expected_days)
    monitor.pop("completeness", None)
    monitor["dimensions"] = [{"name": "total", "sql": "'all'"}] + [{"name": d, "sql": d} for d in ("platform", "region", "channel")]
    with open(os.path.join(folder, "monitors.json"), "w") as handle:
        json.dump({"version": 1, "monitors": [monitor]}, handle, indent=2)
    with open(os.path.join(REPO, "queries", monitor["template"])) as source, open(os.path.join(folder, monitor["template"]), "w") as out:
        out.write(source.read())
    return os.path.join(folder, "monitors.json")


def series(rows):
    """(metric, dimension, slice) -> {date: value} for every metric the monitor has."""
    out = {}
    for ds, dimension, value, *columns in rows:
        base = dict(zip(panel.COLUMNS, columns))
        for name, kind, column, denominator in METRICS:
            if kind == "ratio":
                v = base[column] / base[denominator] if base[denominator] > 0 else math.nan
            else:
                v = float(base[column])
            out.setdefault((name, dimension, value), {})[ds] = v
    return out


def seed_detector(all_series, dates, first):
    """The seed's rule: |z| > 3 against the trailing 28 days' mean and std (today left out) and |WoW| > 10 %."""
    alerts = []
    index = {d: i for i, d in enumerate(dates)}
    for (metric, dimension, slice_), values in all_series.items():
        for d in dates[index[first]:]:
            i = index[d]
            window = [values.get(dates[j]) for j in range(i - 28, i)]
            window = [v for v in window if v is not None and not math.isnan(v)]
            v, week = values.get(d), values.get(dates[i - 7])
            if len(window) < 10 or v is None or week is None or math.isnan(v) or math.isnan(week) or week == 0:
                continue
            mean = sum(window) / len(window)
            std = math.sqrt(sum((x - mean) ** 2 for x in window) / (len(window) - 1))
            if std > 0 and abs(v - mean) / std > 3 and abs(v / week - 1) > 0.10:
                alerts.append({"date": d, "metric": metric, "dimension": dimension, "slice": slice_})
    return alerts


def score(alerts, generated, n_series, first):
    cases = generated["cases"]
    incidents = [c for c in cases if c["incident"]]
    alerts = [a for a in alerts if a["date"] >= first]
    judged_days = [d for d in generated["dates"] if d >= first]

    def matches(alert, case):
        return alert["date"] in case["dates"] and any(
            alert["metric"] == c["metric"] and alert["dimension"] == c["dimension"] and alert["slice"] == c["slice"] for c in case["cells"])

    found = {id(c): any(matches(a, c) for a in alerts) for c in incidents}
    true_alerts = [a for a in alerts if any(matches(a, c) for c in incidents)]
    false_alerts = [a for a in alerts if not any(matches(a, c) for c in incidents)]
    incident_days = {d for c in incidents for d in c["dates"]}
    alert_days = {a["date"] for a in alerts}
    spikes = next(c for c in cases if c["class"] == "volatile_spikes")
    spike_days = [d for d in spikes["dates"] if d >= first]
    spiked = {a["date"] for a in alerts if (a["dimension"], a["slice"]) == ("channel", "social") and a["metric"] == "visitors"}
    holiday = next(c for c in cases if c["class"] == "holiday")
    small = [c for c in incidents if c["class"] == "small_slice_drop"]

    def where(alert):
        if alert["date"] in holiday["dates"]:
            return "holiday"
        if (alert["dimension"], alert["slice"]) == ("channel", "social"):
            return "volatile_slice"
        if (alert["dimension"], alert["slice"]) in SMALL:
            return "small_slices"
        if alert["date"] in incident_days:
            return "incident_days_other_cells"
        return "quiet_days"

    by_class = {}
    for case in incidents:
        entry = by_class.setdefault(case["class"], {"incidents": 0, "found": 0})
        entry["incidents"] += 1
        entry["found"] += found[id(case)]
    false_by_place = {}
    for alert in false_alerts:
        false_by_place[where(alert)] = false_by_place.get(where(alert), 0) + 1
    months = len(judged_days) / 30.44
    return {
        "incidents": len(incidents), "found": sum(found.values()), "alerts": len(alerts), "true_alerts": len(true_alerts),
        "false_alerts": len(false_alerts), "alert_days": len(alert_days), "incident_alert_days": len(alert_days & incident_days),
        "series": n_series, "months": months, "by_class": by_class, "false_by_place": false_by_place,
        "spike_days": len(spike_days), "spikes_alerted": len([d for d in spike_days if d in spiked]),
        "small_drops": len(small), "small_found": sum(found[id(c)] for c in small),
        "holiday_alerts": len([a for a in alerts if a["date"] in holiday["dates"]]),
    }


def pooled(scores):
    total = {}
    for s in scores:
        for k, v in s.items():
            if isinstance(v, dict):
                target = total.setdefault(k, {})
                for kk, vv in v.items():
                    if isinstance(vv, dict):
                        inner = target.setdefault(kk, {})
                        for a, b in vv.items():
                            inner[a] = inner.get(a, 0) + b
                    else:
                        target[kk] = target.get(kk, 0) + vv
            else:
                total[k] = total.get(k, 0) + v
    total["series"] = scores[0]["series"]
    return total


def figures(s):
    return {
        "recall": s["found"] / max(1, s["incidents"]),
        "alert_day_precision": s["incident_alert_days"] / s["alert_days"] if s["alert_days"] else float("nan"),
        "false_per_series_month": s["false_alerts"] / (s["series"] * s["months"]),
        "volatile_spikes_alerted": s["spikes_alerted"] / max(1, s["spike_days"]),
        "small_drops_found": s["small_found"] / max(1, s["small_drops"]),
        "holidays_alerted": s["holiday_alerts"],
    }


def daily_totals(scores):
    return {k: sum(x[k] for x in scores) for k in scores[0]}


def daily_figures(s):
    return {
        "daily_recall": s["daily_found"] / max(1, s["daily_incidents"]),
        "holidays_called_incomplete": s["holidays_incomplete"],
        "incomplete_resolved_in_a_day": s["resolved_in_a_day"] / max(1, s["incomplete_days"]),
        "partial_loads_alerted": s["partial_loads_alerted"],
        "daily_false_per_series_month": s["daily_false_alerts"] / s["daily_series_months"],
    }


def met(name, value):
    op, target = {**TARGETS, **DAILY_TARGETS}[name]
    return value >= target if op == ">=" else value <= target


def main():
    aa = sys.argv[1]
    args = sys.argv[2:]
    seeds = [int(s) for s in (args[args.index("--seeds") + 1] if "--seeds" in args else "1,2,3").split(",")]
    days = int(args[args.index("--days") + 1]) if "--days" in args else 300
    out = args[args.index("--out") + 1] if "--out" in args else tempfile.mkdtemp(prefix="aa-eval-")
    source = args[args.index("--registry") + 1] if "--registry" in args else os.path.join(REPO, "queries", "monitors.json")
    results = {"aa": [], "seed rule": []}
    daily_scores = []
    for seed in seeds:
        folder = os.path.join(out, f"seed-{seed}")
        os.makedirs(folder, exist_ok=True)
        generated = panel.generate(seed, days=days)
        data = os.path.join(folder, "panel.csv")
        with open(data, "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["ds", "dimension", "dimension_value"] + panel.COLUMNS)
            writer.writerows(generated["rows"])
        with open(os.path.join(folder, "cases.json"), "w") as handle:
            json.dump(generated["cases"], handle, indent=1)
        reg = registry(folder, generated["expected_days"], source)
        run = subprocess.run([aa, "backtest", "--monitor", "eval_panel", "--data", data, "--registry", reg, "--json", "--quiet"],
                             capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit(f"aa backtest failed on seed {seed}: {run.stderr.strip()}")
        ours = [f for f in json.loads(run.stdout)["findings"] if f["metric"] != "_rows"]
        with open(os.path.join(folder, "findings.json"), "w") as handle:
            json.dump(ours, handle, indent=1)
        all_series = series(generated["rows"])
        first = generated["first_judged"]
        theirs = seed_detector(all_series, generated["dates"], first)
        results["aa"].append(score(ours, generated, len(all_series), first))
        results["seed rule"].append(score(theirs, generated, len(all_series), first))
        if "--no-daily" not in args:
            print(f"seed {seed}: the daily path…", file=sys.stderr)
            daily_scores.append(daily.score(daily.run(aa, folder, generated, reg), generated, len(all_series)))
    missed = report(results, seeds, out)
    if daily_scores:
        missed += report_daily(daily_scores)
    print("\n" + ("every target met" if not missed else "targets not met: " + ", ".join(missed)))


def report(results, seeds, out):
    names = list(TARGETS)
    print(f"make eval: {len(seeds)} seeds ({', '.join(map(str, seeds))}), panels in {out}\n")
    header = f"{'figure':26}{'target':>9}" + "".join(f"{d:>12}" for d in results) + "   met by aa"
    print(header)
    print("-" * len(header))
    totals = {d: figures(pooled(s)) for d, s in results.items()}
    for name in names:
        op, target = TARGETS[name]
        line = f"{name:26}{op + format(target, 'g'):>9}"
        for d in results:
            line += f"{totals[d][name]:12.4f}" if name != "holidays_alerted" else f"{totals[d][name]:12d}"
        print(line + ("   yes" if met(name, totals["aa"][name]) else "   NO"))
    print("\nincidents found, by class (all seeds)")
    classes = sorted(pooled(results["aa"])["by_class"])
    print(f"{'class':22}" + "".join(f"{d:>12}" for d in results))
    for c in classes:
        line = f"{c:22}"
        for d in results:
            entry = pooled(results[d])["by_class"][c]
            line += f"{str(entry['found']) + '/' + str(entry['incidents']):>12}"
        print(line)
    print("\nfalse alerts, by where they fell (all seeds)")
    places = sorted({p for d in results for p in pooled(results[d])["false_by_place"]})
    print(f"{'place':28}" + "".join(f"{d:>12}" for d in results))
    for p in places:
        print(f"{p:28}" + "".join(f"{pooled(results[d])['false_by_place'].get(p, 0):12d}" for d in results))
    print("\nper seed (aa): " + "; ".join(
        f"seed {s}: recall {figures(r)['recall']:.2f}, alert-day precision {figures(r)['alert_day_precision']:.2f}, "
        f"{r['false_alerts']} false" for s, r in zip(seeds, results["aa"])))
    return [name for name in names if not met(name, totals["aa"][name])]


def report_daily(scores):
    """The daily path's table (aa only: the seed's rule has no completeness check)."""
    s = daily_totals(scores)
    figures_ = daily_figures(s)
    print(f"\ndaily path: {sum(1 for _ in scores)} seeds, aa run each morning around the outage, its partial load, the dip "
          f"and the holiday ({s['incomplete_days']} days first found incomplete)")
    header = f"{'figure':30}{'target':>9}{'aa':>12}   met"
    print(header)
    print("-" * len(header))
    for name, (op, target) in DAILY_TARGETS.items():
        value = figures_[name]
        shown = f"{value:12d}" if isinstance(value, int) else f"{value:12.4f}"
        print(f"{name:30}{op + format(target, 'g'):>9}{shown}   " + ("yes" if met(name, value) else "NO"))
    return [name for name in DAILY_TARGETS if not met(name, figures_[name])]


if __name__ == "__main__":
    main()
