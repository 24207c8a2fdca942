/// A day someone labelled as a real incident: left out of later baselines so it does not widen the normal range.
public struct IncidentLabel: Sendable, Equatable {
    public let day: Day
    /// nil matches every metric (likewise dimension and slice).
    public let metric: String?
    public let dimension: String?
    public let slice: String?

    public init(day: Day, metric: String? = nil, dimension: String? = nil, slice: String? = nil) {
        self.day = day
        self.metric = metric
        self.dimension = dimension
        self.slice = slice
    }

    func matches(metric m: String, dimension d: String, slice s: String) -> Bool {
        (metric == nil || metric == m) && (dimension == nil || dimension == d) && (slice == nil || slice == s)
    }
}
