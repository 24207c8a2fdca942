import CanonicalJSON

extension Finding {
    /// The finding as an `anomaly.flagged` payload body (the caller adds ids).
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "metric": .string(metric), "dimension": .string(dimension), "slice": .string(slice),
            "direction": .string(direction.rawValue), "severity": .string(severity), "status": .string(status.rawValue),
            "alerts": .bool(alerts), "since": since.map { .string($0.description) } ?? .null,
            "rule": rule.json, "threshold": .number(threshold), "statistic": .number(statistic),
            "statistic_name": .string(method == .seasonalRobustZ ? "robust_z" : "relative_change"),
            "stats": stats.json,
            "baseline_window": [
                "kind": "same_weekday_median",
                "days": .array(baselineWindow.map { ["date": .string($0.day.description), "value": .number($0.value)] }),
                "trailing_from": .string(trailingFrom.description), "trailing_to": .string(trailingTo.description),
            ],
            "expected_reason": expectedReason.map { .string($0) } ?? .null,
        ]
        object["drill_down"] = drillDown?.json ?? .null
        object["top_line"] =
            topLine.map {
                [
                    "change": .number($0.topLineChange), "relative_change": .number($0.topLineRelativeChange),
                    "share": .number($0.share), "flagged": .bool($0.topLineFlagged),
                ]
            } ?? .null
        return .object(object)
    }
}

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
