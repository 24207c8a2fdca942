import CanonicalJSON

extension CellStatistics {
    /// Each statistic's JSON key and field, in one table that both ``json`` and ``init(json:)`` read.
    static let numberKeys: [(key: String, field: any WritableKeyPath<CellStatistics, Double> & Sendable)] = [
        ("value", \.value), ("previous", \.previous), ("last_week", \.lastWeek), ("baseline", \.baseline),
        ("seasonal_median", \.seasonalMedian), ("trend_per_week", \.trendPerWeek), ("mean", \.mean), ("std", \.std),
        ("median", \.median), ("mad", \.mad), ("scale", \.scale), ("robust_z", \.robustZ), ("delta_abs", \.deltaAbsolute),
        ("delta_rel", \.deltaRelative), ("delta_prev_rel", \.deltaPreviousRelative),
        ("delta_last_week_rel", \.deltaLastWeekRelative), ("volume", \.volume), ("volume_baseline", \.volumeBaseline),
    ]

    /// The counts among the statistics, as whole numbers.
    static let countKeys: [(key: String, field: any WritableKeyPath<CellStatistics, Int> & Sendable)] = [
        ("baseline_points", \.baselinePoints), ("trailing_points", \.trailingPoints), ("change_points", \.changePoints),
    ]

    /// The statistics as a JSON object; NaN becomes null.
    public var json: JSONValue {
        var object: [String: JSONValue] = [:]
        for (key, field) in Self.numberKeys { object[key] = .number(self[keyPath: field]) }
        for (key, field) in Self.countKeys { object[key] = .int(Int64(self[keyPath: field])) }
        return .object(object)
    }

    /// The JSON key of a statistic (the one place its name is written).
    public static func key(_ field: WritableKeyPath<CellStatistics, Double>) -> String {
        numberKeys.first { $0.field == field }?.key ?? ""
    }

    /// Some of the statistics under their JSON keys, for documents that quote a few (the analyst's tools).
    ///
    /// ```swift
    /// stats.members([\.value, \.baseline])  // ["value": …, "baseline": …]
    /// ```
    public func members(_ fields: [WritableKeyPath<CellStatistics, Double>]) -> [String: JSONValue] {
        var object: [String: JSONValue] = [:]
        for (key, field) in Self.numberKeys where fields.contains(field) { object[key] = .number(self[keyPath: field]) }
        return object
    }

    /// Reads the statistics back from ``json``: null is NaN; nil when a key is missing or not a number.
    public init?(json: JSONValue) {
        guard case .object(let object) = json else { return nil }
        self.init()
        for (key, field) in Self.numberKeys {
            guard let value = object[key] else { return nil }
            if value == .null { continue }
            guard let number = value.doubleValue else { return nil }
            self[keyPath: field] = number
        }
        for (key, field) in Self.countKeys {
            guard let count = object[key]?.intValue else { return nil }
            self[keyPath: field] = Int(count)
        }
    }
}

extension DetectionConfig {
    /// The rule as recorded with each finding, so nobody has to reverse-engineer a score.
    public var json: JSONValue {
        [
            "method": .string(method.rawValue), "baseline_weeks": .int(Int64(baselineWeeks)),
            "direction": .string(direction.rawValue), "min_volume": .number(minVolume),
            "min_relative_change": .number(minRelativeChange), "min_absolute_change": .number(minAbsoluteChange),
            "severity": .array(severities.map { ["level": .string($0.level), "threshold": .number($0.threshold)] }),
            "exclude_labeled_incidents": .bool(excludeLabeledIncidents),
        ]
    }
}
