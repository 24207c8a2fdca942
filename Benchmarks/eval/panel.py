"""Labelled panels for `make eval`: a realistic daily funnel with every hard case of detection, seeded.

A panel is generated at a base grain (platform x region x channel), then summed to the dimensions a monitor reads
(total, platform, region, channel), so every slice adds up like warehouse data does. Each seed places the cases on
other days and slices. Every injected event is written down with its class, its days and the (metric, dimension,
slice) cells it moves, so a scorer can tell an incident found from noise.

Case classes (see issue "Alerts a team can trust"):
  volatile_spikes   channel=social visitors x1.3-3 on ~7 % of days: normal for it, never an incident
  small_slice_drop  a 1-2 % region loses 35-40 % of visitors and requests for a day: an incident
  outage            every slice at ~40 % for a day: an incident
  partial_load      the day after the outage is first loaded at ~55 % and complete the next morning: the daily
                    path must wait for it (never an incident; the backtest sees only the final rows)
  holiday           a configured expected day at ~55 %: not an incident (expected_days)
  unconfigured_dip  a holiday-like dip nobody configured, ~60 %: an incident
  mix_shift         traffic moves from web to android (lower request rate) for 4 days; no platform's rate
                    changes: an incident on the total request_rate
  pattern_change    weekends drop from 0.80 to 0.62 of weekdays for good: an incident on its first weekend
  (everything else) quiet large and small slices: any alert there is a false alert
"""
import datetime
import math
import random

PLATFORMS = {"web": (0.50, 0.34), "ios": (0.30, 0.30), "android": (0.175, 0.22), "tv": (0.015, 0.28), "watch": (0.01, 0.25)}
REGIONS = {"north": 0.30, "south": 0.26, "east": 0.20, "west": 0.19, "island": 0.02, "territory": 0.015, "abroad": 0.015}
CHANNELS = {"organic": 0.45, "paid": 0.33, "email": 0.12, "social": 0.06, "partner": 0.04}
DIMENSIONS = {"platform": PLATFORMS, "region": REGIONS, "channel": CHANNELS}
COLUMNS = ["visitors", "requests", "quotes", "hires", "revenue"]


def poisson(rng, mean):
    if mean <= 0:
        return 0
    if mean > 60:
        return max(0, int(round(rng.gauss(mean, math.sqrt(mean)))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def binomial(rng, n, p):
    if n <= 0 or p <= 0:
        return 0
    if n * p > 30 and n * (1 - p) > 30:
        return min(n, max(0, int(round(rng.gauss(n * p, math.sqrt(n * p * (1 - p)))))))
    return sum(1 for _ in range(n) if rng.random() < p)


def generate(seed, days=300, total=24000):
    """Rows (ds, dimension, dimension_value, columns...), the cases, and the registry's expected days."""
    rng = random.Random(seed)
    start = datetime.date(2025, 1, 6) + datetime.timedelta(days=7 * (seed % 5))
    dates = [start + datetime.timedelta(days=i) for i in range(days)]
    first_judged = 70  # enough same-weekday history for every baseline
    cases = []

    def pick_day(lo=first_judged, hi=days - 3, avoid=()):
        while True:
            d = rng.randrange(lo, hi)
            if all(abs(d - a) > 9 for a in avoid):
                return d

    used = []
    outage = pick_day(avoid=used); used.append(outage)
    holiday = pick_day(avoid=used); used.append(holiday)
    dip = pick_day(avoid=used); used.append(dip)
    small = [pick_day(avoid=used)]; used.append(small[0])
    small.append(pick_day(avoid=used)); used.append(small[1])
    mix = pick_day(hi=days - 8, avoid=used); used.append(mix)
    pattern_from = pick_day(lo=days // 2, hi=days - 30, avoid=used)
    while dates[pattern_from].weekday() != 5:
        pattern_from += 1
    used.append(pattern_from)
    small_regions = rng.sample(["island", "territory", "abroad"], 2)
    spike_days = sorted(d for d in range(days) if rng.random() < 0.07)
    spikes = {d: rng.uniform(1.3, 3.0) for d in spike_days}
    drops = {d: rng.uniform(0.60, 0.65) for d in small}
    trend = rng.uniform(-0.0004, 0.0008)

    def key(metric, dimension, slice_):
        return {"metric": metric, "dimension": dimension, "slice": slice_}

    # The cells an event moves: every count and sum of the slice it hits (a funnel moves together downstream); an
    # event on all traffic moves every slice's.
    counts = ("visitors", "requests", "quotes", "hires", "revenue")
    slices = [("total", "all")] + [(d, v) for d, values in DIMENSIONS.items() for v in values]
    everywhere = [key(m, d, v) for m in counts for d, v in slices]
    cases.append({"class": "outage", "incident": True, "days": [outage], "cells": everywhere})
    cases.append({"class": "partial_load", "incident": False, "days": [outage + 1], "cells": [], "first_load": 0.55})
    cases.append({"class": "holiday", "incident": False, "days": [holiday], "cells": []})
    cases.append({"class": "unconfigured_dip", "incident": True, "days": [dip], "cells": everywhere})
    for d, region in zip(small, small_regions):
        cases.append({"class": "small_slice_drop", "incident": True, "days": [d],
                      "cells": [key(m, "region", region) for m in counts], "volume": None, "drop": 1 - drops[d]})
    cases.append({"class": "mix_shift", "incident": True, "days": list(range(mix, mix + 4)),
                  # every slice but a platform holds a mix of platforms: its request rate moves with the mix
                  "cells": [key("request_rate", d, v) for d, v in slices if d != "platform"]
                  + [key(m, "platform", p) for m in counts for p in ("web", "android")]})
    cases.append({"class": "pattern_change", "incident": True, "days": [pattern_from, pattern_from + 1], "cells": everywhere})
    cases.append({"class": "volatile_spikes", "incident": False, "days": spike_days,
                  "cells": [key("visitors", "channel", "social")]})

    rows, base = {}, []
    for i, day in enumerate(dates):
        weekend = day.weekday() >= 5
        weekly = (0.62 if i >= pattern_from else 0.80) if weekend else 1.08
        level = total * weekly * (1 + trend * i) * math.exp(rng.gauss(0, 0.015))
        factor = 1.0
        if i == outage:
            factor = 0.40
        elif i == holiday:
            factor = 0.55
        elif i == dip:
            factor = 0.60
        platform_shift = {}
        if mix <= i < mix + 4:
            platform_shift = {"web": 0.72, "android": 2.1}
        for platform, (p_share, rate) in PLATFORMS.items():
            for region, r_share in REGIONS.items():
                for channel, c_share in CHANNELS.items():
                    mean = level * factor * p_share * r_share * c_share * platform_shift.get(platform, 1.0)
                    mean *= math.exp(rng.gauss(0, 0.03))
                    if channel == "social" and i in spikes:
                        mean *= spikes[i]
                    if i in drops and region == small_regions[small.index(i)]:
                        mean *= drops[i]
                    visitors = poisson(rng, mean)
                    requests = binomial(rng, visitors, rate)
                    quotes = binomial(rng, requests, 0.6)
                    hires = binomial(rng, quotes, 0.35)
                    revenue = sum(rng.uniform(80, 300) for _ in range(hires)) if hires < 40 else hires * rng.gauss(190, 52 / math.sqrt(hires))
                    values = (visitors, requests, quotes, hires, revenue)
                    base.append([str(day), platform, region, channel, visitors, requests, quotes, hires, round(revenue, 2)])
                    for dimension, value in (("total", "all"), ("platform", platform), ("region", region), ("channel", channel)):
                        cell = rows.setdefault((i, dimension, value), [0, 0, 0, 0, 0.0])
                        for c in range(5):
                            cell[c] += values[c]
    table = []
    for (i, dimension, value), cell in sorted(rows.items()):
        table.append([str(dates[i]), dimension, value] + cell[:4] + [round(cell[4], 2)])
    for case in cases:
        case["dates"] = [str(dates[d]) for d in case["days"]]
        if case["class"] == "small_slice_drop":
            region = case["cells"][0]["slice"]
            case["volume"] = round(total * 1.0 * REGIONS[region])
    expected = [{"date": str(dates[holiday]), "reason": "a configured holiday"}]
    return {"rows": table, "base": base, "cases": cases, "expected_days": expected, "first_judged": str(dates[first_judged]),
            "dates": [str(d) for d in dates]}
