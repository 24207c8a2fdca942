import CanonicalJSON
import EventArchive
import MonitorEngine

/// The rows a day's current run pulled, read back from its `data.pulled` events: what replays evaluate,
/// so a rebuild or backtest never queries the warehouse.
public struct ArchivedPulls: Sendable {
    public let runDate: Day
    /// The run whose pulls these are.
    public let sourceRunId: String
    public let rows: [DimensionRows]
    /// The `data.pulled` event of each dimension, in pull order.
    public let pulls: [(dimension: String, eventId: String)]

    /// Loads the pulls of the current run of (`monitor`, `date`), or nil when that day has none archived.
    public static func load(_ reader: ArchiveReader, monitor: Monitor, date: Day) throws(PipelineError) -> ArchivedPulls? {
        guard let runId = try reader.currentRun(monitor: monitor.name, date: date.description) else { return nil }
        let events = try reader.runEvents(runId).filter { $0.type == EventType.dataPulled.rawValue }
        guard !events.isEmpty else { return nil }
        let (rows, pulls) = try decode(events, monitor: monitor)
        return ArchivedPulls(runDate: date, sourceRunId: runId, rows: rows, pulls: pulls)
    }

    /// The rows of archived `data.pulled` events (any payload version), with each event's dimension and id.
    static func decode(_ events: [EventEnvelope], monitor: Monitor) throws(PipelineError) -> ([DimensionRows], [(dimension: String, eventId: String)]) {
        var rows: [DimensionRows] = []
        var pulls: [(String, String)] = []
        for event in events {
            let payload = PayloadUpcaster.upcast(event)
            let dimension = payload["dimension"]?.stringValue ?? ""
            let schema = (payload["schema"]?.arrayValue ?? []).map { ($0["name"]?.stringValue ?? "", $0["type"]?.stringValue ?? "") }
            let result = QueryResult(
                schema: schema, rows: (payload["rows"]?.arrayValue ?? []).map { $0.arrayValue ?? [] },
                jobId: payload["job_id"]?.stringValue ?? "", bytesProcessed: nil, cacheHit: nil, source: payload["source"] ?? .null)
            rows.append(try RowDecoder.decode(result, monitor: monitor, dimension: dimension))
            pulls.append((dimension, event.eventId))
        }
        return (rows, pulls)
    }
}
