import CanonicalJSON

extension CellStatistics {
    /// The statistics as a JSON object; NaN becomes null.
    public var json: JSONValue {
        [
            "value": .number(value), "previous": .number(previous), "last_week": .number(lastWeek),
            "baseline": .number(baseline), "seasonal_median": .number(seasonalMedian), "trend_per_week": .number(trendPerWeek),
            "baseline_points": .int(Int64(baselinePoints)),
            "mean": .number(mean), "std": .number(std), "median": .number(median), "mad": .number(mad),
            "trailing_points": .int(Int64(trailingPoints)), "change_points": .int(Int64(changePoints)),
            "scale": .number(scale), "robust_z": .number(robustZ),
            "delta_abs": .number(deltaAbsolute), "delta_rel": .number(deltaRelative),
            "delta_prev_rel": .number(deltaPreviousRelative), "delta_last_week_rel": .number(deltaLastWeekRelative),
            "volume": .number(volume), "volume_baseline": .number(volumeBaseline),
        ]
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
