import Foundation

/// Collects figures and prints each beside its target with a met/missed mark, and beside the last saved
/// baseline: a figure more than 10 % worse than it is printed as a regression.
final class BenchReport {
    /// One figure with its unit and target.
    struct Row {
        let name: String
        /// The name without its run-dependent parentheses, under its parent row's for an indented one: the
        /// baseline's key.
        let key: String
        let value: Double
        let unit: String
        let target: Double?
        let higherIsBetter: Bool
        let note: String?
    }

    /// Worse than the baseline by more than this share is a regression.
    static let tolerance = 0.10

    private var rows: [Row] = []
    private var parentKey = ""

    func add(_ name: String, _ value: Double, unit: String, target: Double?, higherIsBetter: Bool, note: String? = nil) {
        var key = name.trimmingCharacters(in: .whitespaces)
        if let open = key.range(of: " (") { key = String(key[..<open.lowerBound]) }
        if name.hasPrefix(" ") { key = parentKey + " / " + key } else { parentKey = key }
        rows.append(Row(name: name, key: key, value: value, unit: unit, target: target, higherIsBetter: higherIsBetter, note: note))
        Swift.print("  measured: \(name) = \(Self.format(value)) \(unit)")
    }

    /// Prints the table; with a `baseline` (key → value), each figure's change against it, and returns the
    /// number of regressions.
    @discardableResult
    func print(baseline: [String: Double]?) -> Int {
        Swift.print(
            "\n" + "figure".padding(toLength: 58, withPad: " ", startingAt: 0)
                + "measured".padding(toLength: 18, withPad: " ", startingAt: 0) + "target")
        var regressions: [String] = []
        for row in rows {
            var target = "—"
            if let t = row.target {
                let met = row.higherIsBetter ? row.value >= t : row.value <= t
                target = (row.higherIsBetter ? "≥ " : "< ") + Self.format(t) + " \(row.unit)  " + (met ? "met" : "MISSED")
            }
            if let note = row.note { target += "  (\(note))" }
            if let before = baseline?[row.key], before > 0 {
                let worse = row.higherIsBetter ? (before - row.value) / before : (row.value - before) / before
                target += String(format: "  %.0f %% %@ than the baseline", abs(worse) * 100, worse > 0 ? "worse" : "better")
                if worse > Self.tolerance {
                    target += " REGRESSED"
                    regressions.append(row.key)
                }
            }
            Swift.print(
                row.name.padding(toLength: 58, withPad: " ", startingAt: 0)
                    + (Self.format(row.value) + " " + row.unit).padding(toLength: 18, withPad: " ", startingAt: 0) + target)
        }
        if baseline == nil {
            Swift.print("\nno baseline for this mode yet: `make bench SAVE=1` keeps this run's figures as one")
        } else if regressions.isEmpty {
            Swift.print("\nno figure is more than \(Int(Self.tolerance * 100)) % worse than the baseline")
        } else {
            Swift.print(
                "\nREGRESSION: \(regressions.count) figure(s) more than \(Int(Self.tolerance * 100)) % worse than the baseline: "
                    + regressions.joined(separator: "; ")
                    + "\n(absolute times drift by up to ±30 % on shared machines; the ratios beside the peers do not)")
        }
        return regressions.count
    }

    /// Every figure by key, for a baseline file.
    var figures: [String: Double] { Dictionary(rows.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first }) }

    static func format(_ v: Double) -> String {
        if v >= 1_000_000 { return String(format: "%.2fM", v / 1_000_000) }
        if v >= 10_000 { return String(format: "%.0fk", v / 1000) }
        if v >= 100 { return String(format: "%.0f", v) }
        return String(format: "%.2f", v)
    }
}
