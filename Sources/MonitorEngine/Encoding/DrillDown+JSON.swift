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

extension DrillDown {
    /// Reads ``json`` back (a null, an absent number reads as NaN); nil for anything but an object.
    public init?(json: JSONValue) {
        guard case .object = json else { return nil }
        func number(_ v: JSONValue, _ key: String) -> Double { v[key]?.doubleValue ?? .nan }
        totalChange = number(json, "total_change")
        breakdowns = (json["breakdowns"]?.arrayValue ?? []).map { b in
            Breakdown(
                dimension: b["dimension"]?.stringValue ?? "", mixEffect: number(b, "mix_effect"), rateEffect: number(b, "rate_effect"),
                contributors: (b["contributors"]?.arrayValue ?? []).map { c in
                    Contributor(
                        slice: c["slice"]?.stringValue ?? "", value: number(c, "value"), baseline: number(c, "baseline"),
                        contribution: number(c, "contribution"), share: number(c, "share"), weight: number(c, "weight"),
                        mixEffect: number(c, "mix_effect"), rateEffect: number(c, "rate_effect"))
                },
                omitted: Int(b["omitted"]?.intValue ?? 0))
        }
    }
}

extension TopLineShare {
    /// The top line's part of a finding as archived (`change`, `relative_change`, `share`, `flagged`).
    public var json: JSONValue {
        [
            "change": .number(topLineChange), "relative_change": .number(topLineRelativeChange), "share": .number(share),
            "flagged": .bool(topLineFlagged),
        ]
    }

    /// Reads ``json`` back (an absent number reads as NaN); nil for anything but an object.
    public init?(json: JSONValue) {
        guard case .object = json else { return nil }
        topLineChange = json["change"]?.doubleValue ?? .nan
        topLineRelativeChange = json["relative_change"]?.doubleValue ?? .nan
        share = json["share"]?.doubleValue ?? .nan
        topLineFlagged = json["flagged"]?.boolValue ?? false
    }
}
