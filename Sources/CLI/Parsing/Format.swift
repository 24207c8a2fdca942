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
