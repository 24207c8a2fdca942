import CanonicalJSON

/// Reads a monitor's `detection` block and its per-metric `overrides`.
enum DetectionParser {
    static func parse(_ r: inout JSONObjectReader, base: DetectionConfig, metrics: [String]) throws(RegistryError)
        -> (DetectionConfig, [String: DetectionConfig])
    {
        let config = try fields(&r, base: base)
        var overrides: [String: DetectionConfig] = [:]
        if var o = try r.optionalObject("overrides") {
            for metric in o.members.keys.sorted() {
                guard metrics.contains(metric) else { throw o.fail(metric, "overrides unknown metric '\(metric)'") }
                guard var m = try o.optionalObject(metric) else { continue }
                overrides[metric] = try fields(&m, base: config)
                try m.rejectUnknownKeys()
            }
            try o.rejectUnknownKeys()
        }
        try r.rejectUnknownKeys()
        return (config, overrides)
    }

    private static func fields(_ r: inout JSONObjectReader, base: DetectionConfig) throws(RegistryError) -> DetectionConfig {
        var c = base
        c.method = try r.optionalEnum("method", DetectionConfig.Method.self) ?? c.method
        c.baselineWeeks = try r.optionalInt("baseline_weeks", in: 1...52) ?? c.baselineWeeks
        c.direction = try r.optionalEnum("direction", DetectionConfig.Direction.self) ?? c.direction
        c.minVolume = try r.optionalNumber("min_volume", atLeast: 0) ?? c.minVolume
        c.minRelativeChange = try r.optionalNumber("min_relative_change", atLeast: 0) ?? c.minRelativeChange
        c.minAbsoluteChange = try r.optionalNumber("min_absolute_change", atLeast: 0) ?? c.minAbsoluteChange
        c.excludeLabeledIncidents = try r.optionalBool("exclude_labeled_incidents") ?? c.excludeLabeledIncidents
        if let list = try r.optionalArray("severity") {
            var levels: [DetectionConfig.SeverityLevel] = []
            for (i, item) in list.enumerated() {
                var s = try JSONObjectReader(item, path: "\(r.path).severity[\(i)]", file: r.file)
                let level = try s.name("level")
                guard let threshold = try s.optionalNumber("threshold", atLeast: 0) else {
                    throw s.fail("threshold", "is required (a number)")
                }
                // z is in standard errors: 0 would flag every cell, and past a thousand nothing can reach it.
                guard threshold > 0, threshold <= 1000 else {
                    throw s.fail("threshold", "must be above 0 and at most 1000 (a z in standard errors; 4–9 is usual), got \(threshold)")
                }
                try s.rejectUnknownKeys()
                if let last = levels.last, last.threshold >= threshold {
                    throw s.fail(
                        "threshold", "must be higher than the previous level's (\(last.threshold)); list levels from mildest to worst")
                }
                levels.append(.init(level: level, threshold: threshold))
            }
            if levels.isEmpty { throw r.fail("severity", "must list at least one level") }
            c.severities = levels
        }
        return c
    }
}
