/// The words every human-readable output uses for the same things — terminal, Slack, the site, Markdown and the
/// built-in narrative — so a number has one name wherever it is read. `--json` keeps the keys (`robust_z`,
/// `baseline`, `seasonal_median`).
public enum Vocabulary {
    /// `platform=android`: a slice, written one way.
    public static func slice(_ dimension: String, _ value: String) -> String { "\(dimension)=\(value)" }

    /// `requests [platform=android]`: a metric on a slice.
    public static func cell(_ metric: String, _ dimension: String, _ value: String) -> String {
        "\(metric) [\(slice(dimension, value))]"
    }

    /// The statistic a rule thresholds, by its archived name: `z` for the robust z-score, `relative change` for a
    /// percent-change rule.
    public static func statistic(_ name: String) -> String { name == "robust_z" ? "z" : name.split(separator: "_").joined(separator: " ") }

    /// The statistic of `method`.
    public static func statistic(of method: DetectionConfig.Method) -> String { method == .seasonalRobustZ ? "z" : "relative change" }

    /// What a day is judged against: the same-weekday median moved by the series' trend.
    public static let baseline = "trend-adjusted baseline"

    /// The median of the same weekday's recent values, before the trend moves it.
    public static let seasonalMedian = "same-weekday median"

    /// One line for `--help`: the statistic and the slice, named once.
    public static let glossary =
        "z is the day's distance from its trend-adjusted baseline (the same-weekday median moved by the trend) in units "
        + "of its noise (a robust z-score; robust_z in --json); a slice is written dimension=value."
}
