/// Rows arranged once for any number of run days: per dimension, per slice, each base column dense by day.
///
/// As in what a run sees, a day on which a dimension returned no rows at all is missing (NaN) for every
/// slice; a day on which other slices had rows but this one did not counts as zero, because counts and
/// sums of nothing are zero. A daily run builds a panel over its own window; a backtest or rebuild builds
/// one over the whole history and reads each day's window out of it.
public struct Panel: Sendable {
    /// The day at index 0.
    public let start: Day
    public let dayCount: Int
    public let columnNames: [String]
    /// Registry order; the first is the top line.
    public let dimensions: [PanelDimension]

    /// The index of `day`, or nil outside the panel.
    public func index(of day: Day) -> Int? {
        let i = day.ordinal - start.ordinal
        return i >= 0 && i < dayCount ? i : nil
    }
}

/// One dimension's slices in a ``Panel``.
public struct PanelDimension: Sendable {
    public let name: String
    /// Every slice with a row anywhere in the panel, sorted by name.
    public let slices: [String]
    let dayCount: Int
    /// Whether the dimension returned any row on each day.
    let present: [Bool]
    /// `columns[c][s * dayCount + d]`: column `c` of slice `s` on day `d`.
    let columns: [[Double]]
    /// `rowDays[s * (dayCount + 1) + d]`: the days before `d` on which slice `s` had a row.
    let rowDays: [Int32]

    /// Whether the dimension returned any row on day `d`.
    public func hasRows(on d: Int) -> Bool { present[d] }

    /// Whether slice `s` had a row on some day of `days`: a run whose window is `days` sees the slice.
    func hasRow(slice s: Int, in days: ClosedRange<Int>) -> Bool {
        let base = s * (dayCount + 1)
        return rowDays[base + days.upperBound + 1] > rowDays[base + days.lowerBound]
    }

    /// The slices a run over `days` sees, in name order.
    func slices(in days: ClosedRange<Int>) -> [Int] { slices.indices.filter { hasRow(slice: $0, in: days) } }

    /// Column `c` of slice `s` over `days`.
    func column(_ c: Int, slice s: Int, _ days: ClosedRange<Int>) -> ArraySlice<Double> {
        let base = s * dayCount
        return columns[c][(base + days.lowerBound)...(base + days.upperBound)]
    }
}
