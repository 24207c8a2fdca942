import CanonicalJSON

/// `metrics.computed` cells as columns (payload schema version 2): one array per field instead of one object
/// per cell, names and reasons as indices into short lists, and no field the others determine (the deltas and
/// the robust z are worked out again on read, by the same code, to the same bits).
///
/// ```
/// {"metrics": ["orders"], "dimensions": ["total"], "slices": ["all"], "reasons": ["within threshold"],
///  "metric": [0], "dimension": [0], "slice": [0], "flagged": [0], "statistic": [1.2], "reason": [0],
///  "stats": {"value": [130.0], "baseline": [128.5], ...}}
/// ```
public enum CellColumns {
    /// Stored statistics, in the order they are written.
    static let stored = [
        "value", "previous", "last_week", "baseline", "seasonal_median", "trend_per_week", "baseline_points", "mean", "std",
        "median", "mad", "trailing_points", "change_points", "scale", "volume", "volume_baseline",
    ]

    /// Columns of `cells`.
    public static func encode(_ cells: [CellResult]) -> JSONValue { columns(cells.map(\.json)) }

    /// Columns of cells given as version 1 objects (`metric`, `dimension`, `slice`, `stats`, `flagged`,
    /// `statistic`, `reason`): how a version 1 payload is read as version 2.
    public static func columns(_ objects: [JSONValue]) -> JSONValue {
        var lists: [String: [String]] = ["metrics": [], "dimensions": [], "slices": [], "reasons": []]
        var positions: [String: [String: Int]] = [:]
        func index(_ list: String, _ value: JSONValue?) -> JSONValue {
            let text = value?.stringValue ?? ""
            if let known = positions[list]?[text] { return .int(Int64(known)) }
            let position = lists[list]?.count ?? 0
            lists[list, default: []].append(text)
            positions[list, default: [:]][text] = position
            return .int(Int64(position))
        }
        var fields: [String: [JSONValue]] = [:]
        var stats: [String: [JSONValue]] = [:]
        for cell in objects {
            fields["metric", default: []].append(index("metrics", cell["metric"]))
            fields["dimension", default: []].append(index("dimensions", cell["dimension"]))
            fields["slice", default: []].append(index("slices", cell["slice"]))
            fields["reason", default: []].append(index("reasons", cell["reason"]))
            fields["flagged", default: []].append(cell["flagged"]?.boolValue == true ? 1 : 0)
            fields["statistic", default: []].append(cell["statistic"] ?? .null)
            for name in stored { stats[name, default: []].append(cell["stats"]?[name] ?? .null) }
        }
        var out = lists.mapValues { JSONValue.array($0.map { .string($0) }) }
        for name in ["metric", "dimension", "slice", "reason", "flagged", "statistic"] { out[name] = .array(fields[name] ?? []) }
        out["stats"] = .object(stored.reduce(into: [:]) { $0[$1] = .array(stats[$1] ?? []) })
        return .object(out)
    }

    /// The cells of version 2 columns as version 1 objects, the shape the analyst's tools and audits read.
    public static func objects(_ columns: JSONValue) -> [JSONValue] {
        func list(_ name: String) -> [JSONValue] { columns[name]?.arrayValue ?? [] }
        func name(_ list: [JSONValue], _ at: JSONValue) -> JSONValue {
            guard let i = at.intValue, i >= 0, Int(i) < list.count else { return .null }
            return list[Int(i)]
        }
        let metrics = list("metrics"), dimensions = list("dimensions"), slices = list("slices"), reasons = list("reasons")
        let metric = list("metric"), dimension = list("dimension"), slice = list("slice"), reason = list("reason")
        let flagged = list("flagged"), statistic = list("statistic")
        let stats = stored.map { columns["stats"]?[$0]?.arrayValue ?? [] }
        return metric.indices.map { i in
            func value(_ k: Int) -> Double { (i < stats[k].count ? stats[k][i].doubleValue : nil) ?? .nan }
            func count(_ k: Int) -> Int { Int((i < stats[k].count ? stats[k][i].intValue : nil) ?? 0) }
            var s = CellStatistics()
            (s.value, s.previous, s.lastWeek, s.baseline) = (value(0), value(1), value(2), value(3))
            (s.seasonalMedian, s.trendPerWeek, s.baselinePoints) = (value(4), value(5), count(6))
            (s.mean, s.std, s.median, s.mad, s.trailingPoints) = (value(7), value(8), value(9), value(10), count(11))
            (s.changePoints, s.scale, s.volume, s.volumeBaseline) = (count(12), value(13), value(14), value(15))
            s.deriveChanges()
            return [
                "metric": name(metrics, metric[i]), "dimension": i < dimension.count ? name(dimensions, dimension[i]) : .null,
                "slice": i < slice.count ? name(slices, slice[i]) : .null, "stats": s.json,
                "flagged": .bool(i < flagged.count && flagged[i].intValue == 1),
                "statistic": i < statistic.count ? statistic[i] : .null, "reason": i < reason.count ? name(reasons, reason[i]) : .null,
            ]
        }
    }
}
