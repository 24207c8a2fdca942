import CanonicalJSON
import Foundation
import MonitorEngine

/// Decodes BigQuery's `{"f": [{"v": …}]}` rows by the returned schema into typed JSON values: INT64/INTEGER as
/// integers, FLOAT64/FLOAT/NUMERIC/BIGNUMERIC as numbers, BOOL as booleans, DATE/DATETIME/TIME/STRING as text,
/// TIMESTAMP (int64 microseconds with `useInt64Timestamp`, or float seconds) as ISO-8601 text, JSON parsed,
/// REPEATED as arrays and RECORD as objects.
enum BigQueryRows {
    /// (name, type) of each top-level column, REPEATED types written `ARRAY<T>`.
    static func columns(_ schema: JSONValue) -> [(name: String, type: String)] {
        (schema["fields"]?.arrayValue ?? []).map { f in
            let type = f["type"]?.stringValue ?? "STRING"
            return (f["name"]?.stringValue ?? "", f["mode"]?.stringValue == "REPEATED" ? "ARRAY<\(type)>" : type)
        }
    }

    static func decode(_ rows: [JSONValue], schema: JSONValue) -> [[JSONValue]] {
        let fields = schema["fields"]?.arrayValue ?? []
        return rows.map { row in
            let cells = row["f"]?.arrayValue ?? []
            return fields.enumerated().map { i, field in i < cells.count ? value(cells[i]["v"] ?? .null, field) : .null }
        }
    }

    package static func value(_ raw: JSONValue, _ field: JSONValue) -> JSONValue {
        if raw == .null { return .null }
        if field["mode"]?.stringValue == "REPEATED" {
            var single = field.objectValue ?? [:]
            single["mode"] = "NULLABLE"
            return .array((raw.arrayValue ?? []).map { value($0["v"] ?? .null, .object(single)) })
        }
        let text = raw.stringValue ?? ""
        switch field["type"]?.stringValue ?? "STRING" {
        case "INT64", "INTEGER": return Int64(text).map { .int($0) } ?? .null
        case "FLOAT64", "FLOAT", "NUMERIC", "BIGNUMERIC", "DECIMAL", "BIGDECIMAL":
            switch text {
            case "Infinity": return .double(.infinity)
            case "-Infinity": return .double(-.infinity)
            default: return Double(text).map { .number($0) } ?? .null
            }
        case "BOOL", "BOOLEAN": return .bool(text.lowercased() == "true")
        case "TIMESTAMP": return timestamp(text)
        case "JSON": return (try? JSONValue.parse(text)) ?? .string(text)
        case "RECORD", "STRUCT":
            let subfields = field["fields"]?.arrayValue ?? []
            let cells = raw["f"]?.arrayValue ?? []
            var object: [String: JSONValue] = [:]
            for (i, sub) in subfields.enumerated() where i < cells.count {
                object[sub["name"]?.stringValue ?? "f\(i)"] = value(cells[i]["v"] ?? .null, sub)
            }
            return .object(object)
        default: return .string(text)
        }
    }

    /// `2026-11-20T06:00:00.123456Z` from int64 microseconds (or float seconds, as without `useInt64Timestamp`).
    static func timestamp(_ text: String) -> JSONValue {
        if let whole = Int64(text) { return .string(iso8601(micros: whole)) }
        if let seconds = Double(text) { return .string(iso8601(micros: Int64((seconds * 1_000_000).rounded()))) }
        return .string(text)
    }

    /// UTC ISO 8601 from microseconds since the epoch, in exact integer arithmetic: six fraction digits (none for
    /// a whole second), or exactly three when `milliseconds` (the archive's own `occurred_at` form).
    static func iso8601(micros: Int64, milliseconds: Bool = false) -> String {
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let fraction = micros - seconds * 1_000_000
        let day = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let secondOfDay = Int(seconds - Int64(day) * 86_400)
        let clock = String(format: "%02d:%02d:%02d", secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60)
        let tail = milliseconds ? String(format: ".%03lld", fraction / 1000) : (fraction == 0 ? "" : String(format: ".%06lld", fraction))
        return "\(Day(ordinal: day).description)T\(clock)\(tail)Z"
    }
}
