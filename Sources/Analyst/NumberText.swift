import Foundation

/// Human formatting of metric values and changes for narratives and Slack.
package enum NumberText {
    /// `12,340`, `0.312`, `$1,204.50`, or `n/a` for missing values.
    package static func value(_ v: Double, unit: String) -> String {
        guard v.isFinite else { return "n/a" }
        switch unit {
        case "ratio": return String(format: "%.3f", v)
        case "usd": return "$" + grouped(v, decimals: 0)
        default: return abs(v) >= 100 || v == v.rounded() ? grouped(v, decimals: 0) : String(format: "%.2f", v)
        }
    }

    /// `+12.3%` / `-4.0%`.
    package static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "n/a" }
        return String(format: "%+.1f%%", fraction * 100)
    }

    /// `-7.9`.
    package static func signed(_ v: Double) -> String {
        guard v.isFinite else { return "n/a" }
        return String(format: "%+.1f", v)
    }

    static func grouped(_ v: Double, decimals: Int) -> String {
        let rounded = (v * pow(10, Double(decimals))).rounded() / pow(10, Double(decimals))
        let negative = rounded < 0
        let integer = Int64(abs(rounded).rounded(.down))
        var digits = String(integer)
        var out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits = String(digits.dropLast(3))
        }
        return (negative ? "-" : "") + digits + out
    }
}
