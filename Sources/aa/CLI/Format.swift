import EventArchive
import MonitorEngine
import CanonicalJSON
import Foundation

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
