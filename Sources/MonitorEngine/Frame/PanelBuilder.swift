/// Collects rows (from a warehouse pull, archived pulls or a CSV) and arranges them as a ``Panel``.
///
/// Rows are kept in flat columns while they arrive, so a wide history costs a few machine words a row
/// rather than an object each.
public struct PanelBuilder: Sendable {
    public let columnNames: [String]
    private var dimensionIndex: [String: Int] = [:]
    private var dimensionNames: [String] = []
    private var sliceIndex: [[String: Int32]] = []
    private var sliceNames: [[String]] = []
    private var rowDimension: [Int32] = []
    private var rowSlice: [Int32] = []
    private var rowDay: [Int32] = []
    private var values: [Double] = []
    /// First and last day of any row, nil before the first.
    public private(set) var days: ClosedRange<Day>?

    public init(columnNames: [String]) { self.columnNames = columnNames }

    /// A builder holding every row of `rows`.
    public init(columnNames: [String], rows: [DimensionRows]) {
        self.init(columnNames: columnNames)
        for dimension in rows {
            declare(dimension: dimension.dimension)
            for row in dimension.rows { add(dimension: dimension.dimension, slice: row.slice, day: row.day, values: row.values) }
        }
    }

    /// Rows added so far.
    public var rowCount: Int { rowDay.count }

    /// Distinct (dimension, slice) pairs added so far.
    public var sliceCount: Int { sliceNames.reduce(0) { $0 + $1.count } }

    /// Makes `dimension` part of the panel even if it never gets a row (a query that returned nothing).
    @discardableResult
    public mutating func declare(dimension: String) -> Int {
        if let d = dimensionIndex[dimension] { return d }
        dimensionIndex[dimension] = dimensionNames.count
        dimensionNames.append(dimension)
        sliceIndex.append([:])
        sliceNames.append([])
        return dimensionNames.count - 1
    }

    /// Adds one row; values beyond the panel's columns are ignored, missing ones are NaN.
    public mutating func add(dimension: String, slice: String, day: Day, values row: [Double]) {
        let d = declare(dimension: dimension)
        add(dimension: d, slice: self.slice(slice, in: d), day: day, values: row)
    }

    /// The number of slice `name` in dimension `d` (a number ``declare(dimension:)`` gave), new names numbered
    /// in the order they come: a reader that recognises names by their bytes asks once per name, not per row.
    public mutating func slice(_ name: String, in d: Int) -> Int32 {
        if let known = sliceIndex[d][name] { return known }
        let s = Int32(sliceNames[d].count)
        sliceIndex[d][name] = s
        sliceNames[d].append(name)
        return s
    }

    /// Adds one row of slice `s` (from ``slice(_:in:)``) of dimension `d`.
    public mutating func add(dimension d: Int, slice s: Int32, day: Day, values row: [Double]) {
        rowDimension.append(Int32(d))
        rowSlice.append(s)
        rowDay.append(Int32(day.ordinal))
        let width = columnNames.count
        if row.count >= width {
            values.append(contentsOf: row[0..<width])
        } else {
            values.append(contentsOf: row)
            values.append(contentsOf: repeatElement(.nan, count: width - row.count))
        }
        days = days.map { min($0.lowerBound, day)...max($0.upperBound, day) } ?? day...day
    }

    /// Appends every row of `other` (same columns) after this builder's, in its order: names it brings are
    /// numbered after this builder's, in the order `other` first saw them, as if its rows had been added here.
    public mutating func append(_ other: PanelBuilder) {
        var slices: [[Int32]] = []
        var dimensions: [Int] = []
        for (d, name) in other.dimensionNames.enumerated() {
            let mine = declare(dimension: name)
            dimensions.append(mine)
            slices.append(other.sliceNames[d].map { slice($0, in: mine) })
        }
        for r in other.rowDay.indices {
            let d = Int(other.rowDimension[r])
            rowDimension.append(Int32(dimensions[d]))
            rowSlice.append(slices[d][Int(other.rowSlice[r])])
            rowDay.append(other.rowDay[r])
        }
        values.append(contentsOf: other.values)
        if let theirs = other.days {
            days = days.map { min($0.lowerBound, theirs.lowerBound)...max($0.upperBound, theirs.upperBound) } ?? theirs
        }
    }

    /// The first row (0-based, in the order added) repeating the dimension, slice and day of an earlier one.
    public func firstDuplicate() -> (earlier: Int, later: Int)? {
        guard let days else { return nil }
        let width = days.upperBound.ordinal - days.lowerBound.ordinal + 1
        var seen = sliceNames.map { [UInt64](repeating: 0, count: ($0.count * width + 63) / 64) }
        for r in rowDay.indices {
            let d = Int(rowDimension[r])
            let bit = Int(rowSlice[r]) * width + Int(rowDay[r]) - days.lowerBound.ordinal
            if seen[d][bit >> 6] & (1 << UInt64(bit & 63)) != 0 {
                let earlier = rowDay.indices.first {
                    rowDimension[$0] == rowDimension[r] && rowSlice[$0] == rowSlice[r] && rowDay[$0] == rowDay[r]
                }
                return (earlier ?? r, r)
            }
            seen[d][bit >> 6] |= 1 << UInt64(bit & 63)
        }
        return nil
    }

    /// The panel over `start...end`: rows outside it are left out, and so are slices with no row inside it.
    /// Dimensions come in `order` (the registry's), unknown ones after it by name. Rows repeating a
    /// (dimension, slice, day) add up.
    public func build(start: Day, end: Day, order: [String]) -> Panel {
        let n = max(0, end.ordinal - start.ordinal + 1)
        let rank = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let sorted = dimensionNames.indices.sorted {
            (rank[dimensionNames[$0]] ?? Int.max, dimensionNames[$0]) < (rank[dimensionNames[$1]] ?? Int.max, dimensionNames[$1])
        }
        var inWindow = [[Bool]](repeating: [], count: dimensionNames.count)
        for d in dimensionNames.indices { inWindow[d] = [Bool](repeating: false, count: sliceNames[d].count) }
        for r in rowDay.indices where Int(rowDay[r]) >= start.ordinal && Int(rowDay[r]) <= end.ordinal {
            inWindow[Int(rowDimension[r])][Int(rowSlice[r])] = true
        }
        // Old slice number → position in the name-sorted list of slices seen in the window.
        var position = [[Int]](repeating: [], count: dimensionNames.count)
        var names = [[String]](repeating: [], count: dimensionNames.count)
        for d in dimensionNames.indices {
            let kept = sliceNames[d].indices.filter { inWindow[d][$0] }.sorted { sliceNames[d][$0] < sliceNames[d][$1] }
            position[d] = [Int](repeating: -1, count: sliceNames[d].count)
            for (p, s) in kept.enumerated() { position[d][s] = p }
            names[d] = kept.map { sliceNames[d][$0] }
        }
        let c = columnNames.count
        var columns = names.map { slices in [[Double]](repeating: [Double](repeating: 0, count: slices.count * n), count: c) }
        var present = [[Bool]](repeating: [Bool](repeating: false, count: n), count: dimensionNames.count)
        var counts = names.map { [Int32](repeating: 0, count: $0.count * (n + 1)) }
        for r in rowDay.indices {
            let day = Int(rowDay[r]) - start.ordinal
            guard day >= 0, day < n else { continue }
            let d = Int(rowDimension[r])
            let s = position[d][Int(rowSlice[r])]
            present[d][day] = true
            counts[d][s * (n + 1) + day + 1] = 1
            for k in 0..<c {
                let v = values[r * c + k]
                columns[d][k][s * n + day] += v.isNaN ? 0 : v
            }
        }
        var dimensions: [PanelDimension] = []
        for d in sorted {
            for k in 0..<c {
                columns[d][k].withUnsafeMutableBufferPointer { column in
                    for s in names[d].indices { for day in 0..<n where !present[d][day] { column[s * n + day] = .nan } }
                }
            }
            for s in names[d].indices {
                for day in 0..<n { counts[d][s * (n + 1) + day + 1] += counts[d][s * (n + 1) + day] }
            }
            dimensions.append(
                PanelDimension(
                    name: dimensionNames[d], slices: names[d], dayCount: n, present: present[d], columns: columns[d], rowDays: counts[d]))
        }
        return Panel(start: start, dayCount: n, columnNames: columnNames, dimensions: dimensions)
    }
}
