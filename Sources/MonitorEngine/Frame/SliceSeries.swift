/// Dense day-by-day base columns for one slice of one dimension over the frame's window.
///
/// A day on which the dimension returned no rows at all is missing (NaN); a day on which
/// other slices had rows but this one did not counts as zero, because counts and sums of
/// nothing are zero.
public struct SliceSeries: Sendable {
    public let dimension: String
    public let slice: String
    /// `columns[c][d]`: column `c` on window day `d`.
    public let columns: [[Double]]
}

/// The rows of a run arranged for evaluation: per dimension, per slice, dense per day.
public struct MetricFrame: Sendable {
    /// First day of the window.
    public let start: Day
    public let dayCount: Int
    public let columnNames: [String]
    /// Per dimension (registry order), slices sorted by name.
    public let dimensions: [(name: String, slices: [SliceSeries])]

    /// Window index of `day`, or nil outside the window.
    public func index(of day: Day) -> Int? {
        let i = day.ordinal - start.ordinal
        return i >= 0 && i < dayCount ? i : nil
    }

    /// Builds the frame for `[start, end]` from each dimension's rows; rows outside the window are ignored.
    public init(start: Day, end: Day, columnNames: [String], rows: [DimensionRows]) {
        self.start = start
        self.dayCount = max(0, end.ordinal - start.ordinal + 1)
        self.columnNames = columnNames
        let n = dayCount
        dimensions = rows.map { dimensionRows in
            var present = [Bool](repeating: false, count: n)
            var bySlice: [String: [[Double]]] = [:]
            for row in dimensionRows.rows {
                let d = row.day.ordinal - start.ordinal
                guard d >= 0, d < n else { continue }
                present[d] = true
                var cols = bySlice[row.slice] ?? Array(repeating: [Double](repeating: 0, count: n), count: columnNames.count)
                for c in 0..<min(columnNames.count, row.values.count) {
                    let v = row.values[c]
                    cols[c][d] += v.isNaN ? 0 : v
                }
                bySlice[row.slice] = cols
            }
            let slices = bySlice.keys.sorted().map { slice in
                var cols = bySlice[slice] ?? []
                for c in cols.indices { for d in 0..<n where !present[d] { cols[c][d] = .nan } }
                return SliceSeries(dimension: dimensionRows.dimension, slice: slice, columns: cols)
            }
            return (dimensionRows.dimension, slices)
        }
    }
}
