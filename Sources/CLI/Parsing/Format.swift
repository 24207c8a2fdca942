import CanonicalJSON
import EventArchive
import Foundation
import MonitorEngine

/// Number formatting for tables.
enum Format {
    static func percent(_ fraction: Double?) -> String {
        guard let fraction, fraction.isFinite else { return "n/a" }
        return String(format: "%+.1f%%", fraction * 100)
    }

    /// A change as its signed amount and its share of the old value, the share to two significant digits when it
    /// is under 0.1 %: a 25-unit restatement of a large total reads `+25 (+0.0021%)`, not `+0.0%`.
    static func change(old: Double?, new: Double?, relative: Double?) -> String {
        guard let old, let new, old.isFinite, new.isFinite else { return percent(relative) }
        let amount = (new - old > 0 ? "+" : "") + number(new - old)
        guard let relative, relative.isFinite else { return amount }
        let share = relative * 100
        guard share != 0, abs(share) < 0.1 else { return amount + " (" + percent(relative) + ")" }
        let digits = min(10, 1 - Int((log10(abs(share))).rounded(.down)))
        return amount + " (" + String(format: "%+.\(digits)f%%", share) + ")"
    }

    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "n/a" }
        if abs(value) >= 1000 || value == value.rounded() { return String(format: "%.0f", value) }
        return String(format: abs(value) < 1 ? "%.4f" : "%.2f", value)
    }

    /// `1,234,567,890 (1.1 GiB)`.
    static func bytes(_ count: Int64) -> String {
        var digits = String(count)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits = String(digits.dropLast(3))
        }
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var size = Double(count)
        var unit = 0
        while size >= 1024 && unit < units.count - 1 {
            size /= 1024
            unit += 1
        }
        return digits + grouped + (unit == 0 ? "" : String(format: " (%.1f %@)", size, units[unit]))
    }

    /// A text that may be missing: `n/a` then.
    static func text(_ value: String?) -> String { value ?? "n/a" }

    /// A count that may be missing: `n/a` then.
    static func count<I: BinaryInteger>(_ value: I?) -> String { value.map { "\($0)" } ?? "n/a" }

    /// A JSON value as plain text: a string unquoted, a number as ``number(_:)``, null or nothing as `n/a`.
    static func json(_ value: JSONValue?) -> String {
        switch value {
        case .none, .null?: return "n/a"
        case .string(let s)?: return s
        case .double(let d)?: return number(d)
        case .int(let i)?: return String(i)
        case let other?: return other.canonicalString
        }
    }
}
