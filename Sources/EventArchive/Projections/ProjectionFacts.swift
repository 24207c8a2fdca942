import CanonicalJSON
import MonitorEngine
import SQLite

/// The payload fields the read models need, lifted into typed columns of `event_facts` when an event is
/// appended, so replaying a million events never parses a million payloads.
///
/// Facts are derived data: `aa verify` re-derives them from every payload and reports any that disagree.
enum ProjectionFacts {
    /// The relative change's column, named as the statistic is named in payloads (looked up once, not per event).
    static let deltaRelative = CellStatistics.key(\.deltaRelative)

    /// Columns of `event_facts` after `position`, in order.
    static let columns = [
        "subject", "metric", "dimension", "slice", "severity", "status", "direction", "statistic", "value", "baseline",
        deltaRelative,
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

    /// The event types that have facts; ``values(type:payload:)`` is nil for every other.
    static let types: Set<EventType> = [
        .runStarted, .runCompleted, .runFailed, .anomalyFlagged, .analysisProduced, .messageSent, .messageFailed, .messageSkipped,
        .anomalyLabeled,
    ]

    /// The fact values for an event of `type`, aligned with ``columns``, read through the typed payload; nil when no read
    /// model uses the type. A payload that does not decode (a damaged archive) has no facts but its type.
    static func values(type: EventType, payload: JSONValue) -> [SQLiteValue]? {
        guard types.contains(type) else { return nil }
        var row = [String: SQLiteValue]()
        func text(_ column: String, _ value: String?) { row[column] = value.map { .text($0) } ?? .null }
        func real(_ column: String, _ value: Double?) { row[column] = value.flatMap { $0.isNaN ? nil : .real($0) } ?? .null }
        func integer(_ column: String, _ value: Int64?) { row[column] = value.map { .integer($0) } ?? .null }
        func flag(_ column: String, _ value: Bool) { row[column] = .integer(value ? 1 : 0) }
        do {
            switch type {
            case .runStarted:
                text("trigger", try RunStarted(json: payload).trigger)
            case .runCompleted:
                let completed = try RunCompleted(json: payload)
                integer("findings", completed.findings)
                integer("alerts", completed.alerts)
                flag("becomes_current", completed.becomesCurrent)
            case .runFailed:
                text("error", try RunFailed(json: payload).error)
            case .anomalyFlagged:
                let flagged = try AnomalyFlagged(json: payload)
                for (column, value) in [
                    ("metric", flagged.metric), ("dimension", flagged.dimension), ("slice", flagged.slice),
                    ("severity", flagged.severity), ("status", flagged.status), ("direction", flagged.direction),
                    ("subject", flagged.anomalyId),
                ] {
                    text(column, value)
                }
                real("statistic", flagged.statistic)
                real("value", flagged.stats.value)
                real("baseline", flagged.stats.baseline)
                real(deltaRelative, flagged.stats.deltaRelative)
                flag("alerts", flagged.alerts)
            case .analysisProduced:
                let analysis = try AnalysisProduced(json: payload)
                text("model", analysis.model)
                text("prompt_version", analysis.promptVersion)
                text("summary", analysis.output["summary"]?.stringValue)
                flag("builtin", analysis.builtin)
            case .messageSent, .messageFailed, .messageSkipped:
                let message = try MessageRecord(json: payload)
                text("destination", message.destination)
                text("delivery_key", message.deliveryKey)
            case .anomalyLabeled:
                let labeled = try AnomalyLabeled(json: payload)
                text("subject", labeled.anomalyId)
                text("label", labeled.label)
                text("note", labeled.note)
            default:
                return nil
            }
        } catch {
            return columns.map { _ in .null }
        }
        return columns.map { row[$0] ?? .null }
    }

    static var insertSQL: String {
        "INSERT INTO event_facts(position, type, \(columns.joined(separator: ", "))) VALUES (?, "
            + "?\(String(repeating: ", ?", count: columns.count)))"
    }
}
