import Foundation

/// Collects figures and prints each beside its target with a met/missed mark.
final class BenchReport {
    /// One figure with its unit and target.
    struct Row {
        let name: String
        let value: Double
        let unit: String
        let target: Double?
        let higherIsBetter: Bool
        let note: String?
    }

    private var rows: [Row] = []

    func add(_ name: String, _ value: Double, unit: String, target: Double?, higherIsBetter: Bool, note: String? = nil) {
        rows.append(Row(name: name, value: value, unit: unit, target: target, higherIsBetter: higherIsBetter, note: note))
        Swift.print("  measured: \(name) = \(Self.format(value)) \(unit)")
    }

    func print() {
        Swift.print(
            "\n" + "figure".padding(toLength: 58, withPad: " ", startingAt: 0)
                + "measured".padding(toLength: 18, withPad: " ", startingAt: 0) + "target")
        for row in rows {
            var target = "—"
            if let t = row.target {
                let met = row.higherIsBetter ? row.value >= t : row.value <= t
                target = (row.higherIsBetter ? "≥ " : "< ") + Self.format(t) + " \(row.unit)  " + (met ? "met" : "MISSED")
            }
            if let note = row.note { target += "  (\(note))" }
            Swift.print(
                row.name.padding(toLength: 58, withPad: " ", startingAt: 0)
                    + (Self.format(row.value) + " " + row.unit).padding(toLength: 18, withPad: " ", startingAt: 0) + target)
        }
    }

    static func format(_ v: Double) -> String {
        if v >= 1_000_000 { return String(format: "%.2fM", v / 1_000_000) }
        if v >= 10_000 { return String(format: "%.0fk", v / 1000) }
        if v >= 100 { return String(format: "%.0f", v) }
        return String(format: "%.2f", v)
    }
}
