"""The seed's engine the way a polars user writes it (multi-threaded): per metric and slice,
day-over-day and week-over-week change, a trailing 28-day mean and standard deviation (today left out)
and a z-score, with rolling_mean/std().over(). A benchmark peer for `make bench`, never the product.

Usage: polars_engine.py FILE.csv  — prints cells evaluated and cells with |z| > 3 as JSON."""
import json
import sys

import polars as pl

COLUMNS = ["visitors", "requests", "quotes", "hires", "revenue"]
RATIOS = {"request_rate": ("requests", "visitors"), "quote_rate": ("quotes", "requests"), "hire_rate": ("hires", "quotes")}
KEYS = ["dimension", "dimension_value"]

frame = pl.read_csv(sys.argv[1]).sort(KEYS + ["ds"])
frame = frame.with_columns(
    [(pl.col(n) / pl.when(pl.col(d) > 0).then(pl.col(d))).alias(name) for name, (n, d) in RATIOS.items()]
)
metrics = COLUMNS + list(RATIOS)
expressions = []
for m in metrics:
    previous = pl.col(m).shift(1)
    mean = previous.rolling_mean(28, min_samples=7).over(KEYS)
    std = previous.rolling_std(28, min_samples=7).over(KEYS)
    expressions += [
        (pl.col(m) / pl.col(m).shift(1) - 1).over(KEYS).alias(f"{m}_dod"),
        (pl.col(m) / pl.col(m).shift(7) - 1).over(KEYS).alias(f"{m}_wow"),
        ((pl.col(m) - mean) / std).alias(f"{m}_z"),
    ]
result = frame.with_columns(expressions)
flagged = result.select([(pl.col(f"{m}_z").abs() > 3).sum() for m in metrics]).row(0)
print(json.dumps({"cells": result.height * len(metrics), "flagged": int(sum(flagged)), "metrics": len(metrics)}))
