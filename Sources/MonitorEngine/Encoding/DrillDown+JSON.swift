import CanonicalJSON

extension DrillDown {
    /// Breakdowns by dimension with their top contributors.
    public var json: JSONValue {
        [
            "total_change": .number(totalChange),
            "breakdowns": .array(
                breakdowns.map { b in
                    [
                        "dimension": .string(b.dimension), "mix_effect": .number(b.mixEffect), "rate_effect": .number(b.rateEffect),
                        "omitted": .int(Int64(b.omitted)),
                        "contributors": .array(
                            b.contributors.map { c in
                                [
                                    "slice": .string(c.slice), "value": .number(c.value), "baseline": .number(c.baseline),
                                    "contribution": .number(c.contribution), "share": .number(c.share), "weight": .number(c.weight),
                                    "mix_effect": .number(c.mixEffect), "rate_effect": .number(c.rateEffect),
                                ]
                            }),
                    ]
                }),
        ]
    }
}

extension CellResult {
    /// One row of `metrics.computed`.
    public var json: JSONValue {
        [
            "metric": .string(metric), "dimension": .string(dimension), "slice": .string(slice), "stats": stats.json,
            "flagged": .bool(verdict.flagged), "statistic": .number(verdict.statistic), "reason": .string(verdict.reason),
        ]
    }
}
