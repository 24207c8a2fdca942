import CanonicalJSON

/// The payload fields the read models need, lifted into typed columns of `event_facts` when an event is
/// appended, so replaying a million events never parses a million payloads.
///
/// Facts are derived data: `aa verify` re-derives them from every payload and reports any that disagree.
enum ProjectionFacts {
    /// Columns of `event_facts` after `position`, in order.
    static let columns = [
        "subject", "metric", "dimension", "slice", "severity", "status", "direction", "statistic", "value", "baseline", "delta_rel",
        "alerts", "model", "prompt_version", "summary", "builtin", "label", "note", "trigger", "error", "findings", "destination",
        "delivery_key", "becomes_current",
    ]

    static let tableSQL = """
        CREATE TABLE IF NOT EXISTS event_facts(
            position INTEGER PRIMARY KEY, type TEXT NOT NULL, subject TEXT, metric TEXT, dimension TEXT, slice TEXT, severity TEXT, status TEXT,
            direction TEXT, statistic REAL, value REAL, baseline REAL, delta_rel REAL, alerts INTEGER, model TEXT, prompt_version TEXT,
            summary TEXT, builtin INTEGER, label TEXT, note TEXT, trigger TEXT, error TEXT, findings INTEGER, destination TEXT,
            delivery_key TEXT, becomes_current INTEGER);
        CREATE TRIGGER IF NOT EXISTS event_facts_no_update BEFORE UPDATE ON event_facts
            BEGIN SELECT RAISE(ABORT, 'event facts are append-only: UPDATE refused'); END;
        CREATE TRIGGER IF NOT EXISTS event_facts_no_delete BEFORE DELETE ON event_facts
            BEGIN SELECT RAISE(ABORT, 'event facts are append-only: DELETE refused'); END;
        """

    /// The fact values for an event of `type`, aligned with ``columns``; nil when no read model uses the type.
    /// The event types that have facts; ``values(type:payload:)`` is nil for every other.
    static let types: Set<String> = [
        "run.started", "run.completed", "run.failed", "anomaly.flagged", "analysis.produced", "message.sent", "message.failed",
        "message.skipped", "anomaly.labeled",
    ]

    static func values(type: String, payload: JSONValue) -> [SQLiteValue]? {
        var row = [String: SQLiteValue]()
        func text(_ column: String, _ value: JSONValue?) { row[column] = value?.stringValue.map { .text($0) } ?? .null }
        func real(_ column: String, _ value: JSONValue?) { row[column] = value?.doubleValue.map { .real($0) } ?? .null }
        func integer(_ column: String, _ value: JSONValue?) {
            switch value {
            case .bool(let b)?: row[column] = .integer(b ? 1 : 0)
            case let v?: row[column] = v.intValue.map { .integer($0) } ?? .null
            case nil: row[column] = .null
            }
        }
        switch type {
        case "run.started":
            text("trigger", payload["trigger"])
        case "run.completed":
            integer("findings", payload["findings"])
            integer("alerts", payload["alerts"])
            integer("becomes_current", payload["becomes_current"] ?? .bool(true))
        case "run.failed":
            text("error", payload["error"])
        case "anomaly.flagged":
            for key in ["metric", "dimension", "slice", "severity", "status", "direction"] { text(key, payload[key]) }
            text("subject", payload["anomaly_id"])
            real("statistic", payload["statistic"])
            real("value", payload["stats"]?["value"])
            real("baseline", payload["stats"]?["baseline"])
            real("delta_rel", payload["stats"]?["delta_rel"])
            integer("alerts", payload["alerts"])
        case "analysis.produced":
            text("model", payload["model"])
            text("prompt_version", payload["prompt_version"])
            text("summary", payload["output"]?["summary"])
            integer("builtin", payload["builtin"])
        case "message.sent", "message.failed", "message.skipped":
            text("destination", payload["destination"])
            text("delivery_key", payload["delivery_key"])
        case "anomaly.labeled":
            text("subject", payload["anomaly_id"])
            text("label", payload["label"])
            text("note", payload["note"])
        default:
            return nil
        }
        return columns.map { row[$0] ?? .null }
    }

    static var insertSQL: String {
        "INSERT INTO event_facts(position, type, \(columns.joined(separator: ", "))) VALUES (?, "
            + "?\(String(repeating: ", ?", count: columns.count)))"
    }
}
