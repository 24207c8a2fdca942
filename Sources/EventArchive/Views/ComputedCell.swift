import CanonicalJSON
import MonitorEngine

/// One cell of a `metrics.computed` event as the run archived it: which metric and slice, its statistics, and the
/// verdict (flagged or not, the statistic, the reason).
public struct ComputedCell: Sendable, Equatable {
    public let metric: String
    public let dimension: String
    public let slice: String
    public let stats: CellStatistics
    public let flagged: Bool
    public let reason: String
    /// The cell as archived, for documents that quote it whole.
    public let json: JSONValue

    /// Reads one cell object (``CellColumns/objects(_:)``); nil when it is not one.
    public init?(_ json: JSONValue) {
        guard let metric = json["metric"]?.stringValue, let dimension = json["dimension"]?.stringValue,
            let slice = json["slice"]?.stringValue, let stats = CellStatistics(json: json["stats"] ?? .null)
        else { return nil }
        self.metric = metric
        self.dimension = dimension
        self.slice = slice
        self.stats = stats
        flagged = json["flagged"]?.boolValue == true
        reason = json["reason"]?.stringValue ?? ""
        self.json = json
    }
}

extension MetricsComputed {
    /// Every cell, typed.
    public var computedCells: [ComputedCell] { CellColumns.objects(cells).compactMap(ComputedCell.init) }
}
