/// One value a warehouse now reports differently for a past day than an earlier pull of the same monitor did.
public struct Restatement: Sendable, Equatable {
    public let dimension: String
    public let slice: String
    public let day: Day
    public let column: String
    public let old: Double
    public let new: Double

    public init(dimension: String, slice: String, day: Day, column: String, old: Double, new: Double) {
        self.dimension = dimension
        self.slice = slice
        self.day = day
        self.column = column
        self.old = old
        self.new = new
    }

    /// `(new − old) / |old|`; infinite when a zero became something.
    public var relativeChange: Double { old == 0 ? (new == 0 ? 0 : .infinity) : (new - old) / abs(old) }

    /// Every value of the days both pulls cover, before `before`, that differs between `earlier` and `later`
    /// (a row present in one pull only counts as its values against NaN; NaN against NaN is no change). Pure: the
    /// same two pulls give the same list, in dimension, day, slice and column order.
    public static func between(earlier: [DimensionRows], later: [DimensionRows], columns: [String], before: Day) -> [Restatement] {
        var out: [Restatement] = []
        for new in later {
            guard let old = earlier.first(where: { $0.dimension == new.dimension }) else { continue }
            let days = Set(old.rows.map(\.day)).intersection(new.rows.map(\.day)).filter { $0 < before }
            func index(_ rows: [MetricRow]) -> [Day: [String: [Double]]] {
                var map: [Day: [String: [Double]]] = [:]
                for row in rows where days.contains(row.day) { map[row.day, default: [:]][row.slice] = row.values }
                return map
            }
            let (was, now) = (index(old.rows), index(new.rows))
            for day in days.sorted() {
                let slices = Set((was[day] ?? [:]).keys).union((now[day] ?? [:]).keys).sorted()
                for slice in slices {
                    let a = was[day]?[slice] ?? []
                    let b = now[day]?[slice] ?? []
                    for (c, column) in columns.enumerated() {
                        let x = c < a.count ? a[c] : .nan
                        let y = c < b.count ? b[c] : .nan
                        if x.isNaN && y.isNaN { continue }
                        if x.isNaN || y.isNaN || abs(x - y) > 1e-9 * max(1, abs(x)) {
                            out.append(Restatement(dimension: new.dimension, slice: slice, day: day, column: column, old: x, new: y))
                        }
                    }
                }
            }
        }
        return out
    }
}
