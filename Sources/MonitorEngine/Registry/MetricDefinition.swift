/// One metric a monitor watches: a count or sum of a column, or a ratio of two summed columns.
public struct MetricDefinition: Sendable, Equatable {
    /// How the metric's value is derived from the base columns of a row.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case count, sum, ratio
    }

    public let name: String
    public let kind: Kind
    /// Column summed for counts and sums; the numerator for ratios.
    public let column: String
    /// Denominator column for ratios, nil otherwise.
    public let denominator: String?
    /// Column whose value gates `min_volume`: the metric's own column, a ratio's denominator, or an explicit one.
    public let volumeColumn: String
    /// Display hint: "count", "usd", "ratio".
    public let unit: String
    public let description: String

    public init(
        name: String, kind: Kind, column: String, denominator: String? = nil, volumeColumn: String? = nil,
        unit: String? = nil, description: String = ""
    ) {
        self.name = name
        self.kind = kind
        self.column = column
        self.denominator = denominator
        self.volumeColumn = volumeColumn ?? denominator ?? column
        self.unit = unit ?? (kind == .ratio ? "ratio" : "count")
        self.description = description
    }
}
