/// One warehouse row: a day, a dimension slice and the base column values (NaN where SQL returned NULL).
public struct MetricRow: Sendable, Equatable {
    public let day: Day
    public let slice: String
    public let values: [Double]

    public init(day: Day, slice: String, values: [Double]) {
        self.day = day
        self.slice = slice
        self.values = values
    }
}

/// Every row one dimension's query returned.
public struct DimensionRows: Sendable, Equatable {
    public let dimension: String
    public let rows: [MetricRow]

    public init(dimension: String, rows: [MetricRow]) {
        self.dimension = dimension
        self.rows = rows
    }
}
