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

    /// A list of names and each name's position in it, in order of first use.
    private struct Names {
        var list: [JSONValue] = []
        var positions: [String: Int] = [:]

        mutating func index(_ name: String) -> JSONValue {
            if let known = positions[name] { return .int(Int64(known)) }
            positions[name] = list.count
            list.append(.string(name))
            return .int(Int64(list.count - 1))
        }
    }

    /// One column per field, filled cell by cell.
    private struct Builder {
        var metrics = Names(), dimensions = Names(), slices = Names(), reasons = Names()
        var metric: [JSONValue] = [], dimension: [JSONValue] = [], slice: [JSONValue] = [], reason: [JSONValue] = []
        var flagged: [JSONValue] = [], statistic: [JSONValue] = []
        var stats = [[JSONValue]](repeating: [], count: stored.count)

        mutating func add(metric m: String, dimension d: String, slice s: String, reason r: String, flagged f: Bool, statistic: JSONValue) {
            metric.append(metrics.index(m))
            dimension.append(dimensions.index(d))
            slice.append(slices.index(s))
            reason.append(reasons.index(r))
            flagged.append(f ? 1 : 0)
            self.statistic.append(statistic)
        }

        var json: JSONValue {
            [
                "metrics": .array(metrics.list), "dimensions": .array(dimensions.list), "slices": .array(slices.list),
                "reasons": .array(reasons.list), "metric": .array(metric), "dimension": .array(dimension), "slice": .array(slice),
                "reason": .array(reason), "flagged": .array(flagged), "statistic": .array(statistic),
                "stats": .object(Dictionary(uniqueKeysWithValues: zip(stored, stats.map { JSONValue.array($0) }))),
            ]
        }
    }

    /// Columns of `cells`.
    public static func encode(_ cells: [CellResult]) -> JSONValue {
        var builder = Builder()
        for k in builder.stats.indices { builder.stats[k].reserveCapacity(cells.count) }
        for cell in cells {
            builder.add(
                metric: cell.metric, dimension: cell.dimension, slice: cell.slice, reason: cell.verdict.reason,
                flagged: cell.verdict.flagged,
                statistic: .number(cell.verdict.statistic))
            let s = cell.stats
            let values: [JSONValue] = [
                .number(s.value), .number(s.previous), .number(s.lastWeek), .number(s.baseline), .number(s.seasonalMedian),
                .number(s.trendPerWeek), .int(Int64(s.baselinePoints)), .number(s.mean), .number(s.std), .number(s.median), .number(s.mad),
                .int(Int64(s.trailingPoints)), .int(Int64(s.changePoints)), .number(s.scale), .number(s.volume), .number(s.volumeBaseline),
            ]
            for k in values.indices { builder.stats[k].append(values[k]) }
        }
        return builder.json
    }

    /// Columns of cells given as version 1 objects (`metric`, `dimension`, `slice`, `stats`, `flagged`,
    /// `statistic`, `reason`): how a version 1 payload is read as version 2.
    public static func columns(_ objects: [JSONValue]) -> JSONValue {
        var builder = Builder()
        for cell in objects {
            builder.add(
                metric: cell["metric"]?.stringValue ?? "", dimension: cell["dimension"]?.stringValue ?? "",
                slice: cell["slice"]?.stringValue ?? "", reason: cell["reason"]?.stringValue ?? "",
                flagged: cell["flagged"]?.boolValue == true,
                statistic: cell["statistic"] ?? .null)
            for (k, name) in stored.enumerated() { builder.stats[k].append(cell["stats"]?[name] ?? .null) }
        }
        return builder.json
    }

    /// The cells of version 2 columns as version 1 objects, the shape the analyst's tools and audits read.
    public static func objects(_ columns: JSONValue) -> [JSONValue] {
        func list(_ name: String) -> [JSONValue] { columns[name]?.arrayValue ?? [] }
        func name(_ list: [JSONValue], _ at: JSONValue) -> JSONValue {
            guard let i = at.intValue, i >= 0, Int(i) < list.count else { return .null }
            return list[Int(i)]
        }
        let metrics = list("metrics")
        let dimensions = list("dimensions")
        let slices = list("slices")
        let reasons = list("reasons")
        let metric = list("metric")
        let dimension = list("dimension")
        let slice = list("slice")
        let reason = list("reason")
        let flagged = list("flagged")
        let statistic = list("statistic")
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
