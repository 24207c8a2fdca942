"""The seed's engine the way a pandas team writes it: per metric and slice, day-over-day and
week-over-week change, a trailing 28-day mean and standard deviation (today left out) and a z-score,
with groupby().rolling(). A benchmark peer for `make bench`, never part of the product.

Usage: pandas_engine.py FILE.csv  — prints cells evaluated and cells with |z| > 3 as JSON."""
import json
import sys

import pandas as pd

COLUMNS = ["visitors", "requests", "quotes", "hires", "revenue"]
RATIOS = {"request_rate": ("requests", "visitors"), "quote_rate": ("quotes", "requests"), "hire_rate": ("hires", "quotes")}

frame = pd.read_csv(sys.argv[1])
for name, (numerator, denominator) in RATIOS.items():
    frame[name] = frame[numerator] / frame[denominator].where(frame[denominator] > 0)
metrics = COLUMNS + list(RATIOS)
frame = frame.sort_values(["dimension", "dimension_value", "ds"], ignore_index=True)
keys = [frame["dimension"], frame["dimension_value"]]
groups = frame.groupby(keys, sort=False)
cells = flagged = 0
for metric in metrics:
    series = groups[metric]
    dod = series.pct_change(1, fill_method=None)
    wow = series.pct_change(7, fill_method=None)
    previous = series.shift(1)
    rolling = previous.groupby(keys, sort=False).rolling(28, min_periods=7)
    mean = rolling.mean().reset_index(level=[0, 1], drop=True).sort_index()
    std = rolling.std().reset_index(level=[0, 1], drop=True).sort_index()
    z = (frame[metric] - mean) / std
    cells += int(z.size)
    flagged += int((z.abs() > 3).sum())
print(json.dumps({"cells": cells, "flagged": flagged, "metrics": len(metrics)}))
