import CanonicalJSON
import MonitorEngine

/// Reads old payload versions as the current one, so archives written by earlier aa versions still replay.
///
/// Version history:
/// - `data.pulled` v0 (aa 0.0, before the envelope was versioned per type): rows as objects keyed by column
///   name and the rendered SQL under `query`; v1 stores rows as arrays in `schema` order and `sql`.
/// - `metrics.computed` v1: cells as an array of objects; v2 stores them as columns (`CellColumns`).
/// - `run.failed` v1: no `jobs`, which v2 leaves out when empty too (read as is).
public enum PayloadUpcaster {
    /// The payload of `event` in the current schema version of its type.
    public static func upcast(_ event: EventEnvelope) -> JSONValue {
        let payload = event.payload
        guard event.schemaVersion < event.type.schemaVersion else { return payload }
        switch (event.type, event.schemaVersion) {
        case (.dataPulled, 0): return dataPulledV0(payload)
        case (.metricsComputed, 0), (.metricsComputed, 1): return metricsComputedV1(payload)
        default: return payload
        }
    }

    static func metricsComputedV1(_ old: JSONValue) -> JSONValue {
        var payload = old.objectValue ?? [:]
        payload["cells"] = CellColumns.columns(old["cells"]?.arrayValue ?? [])
        return .object(payload)
    }

    static func dataPulledV0(_ old: JSONValue) -> JSONValue {
        var payload = old.objectValue ?? [:]
        let objects = old["rows"]?.arrayValue ?? []
        var names = (old["schema"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        if names.isEmpty, let first = objects.first?.objectValue { names = first.keys.sorted() }
        payload["schema"] = old["schema"] ?? .array(names.map { ["name": .string($0), "type": "STRING"] })
        payload["rows"] = .array(objects.map { row in .array(names.map { row[$0] ?? .null }) })
        payload["sql"] = old["sql"] ?? old["query"] ?? ""
        payload.removeValue(forKey: "query")
        payload["row_count"] = .int(Int64(objects.count))
        payload["bytes_processed"] = old["bytes_processed"] ?? .null
        payload["cache_hit"] = old["cache_hit"] ?? .null
        return .object(payload)
    }
}
