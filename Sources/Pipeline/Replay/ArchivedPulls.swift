import CanonicalJSON
import EventArchive
import MonitorEngine

/// The rows a day's current run pulled, read back from its `data.pulled` events: what replays evaluate,
/// so a rebuild or backtest never queries the warehouse.
public struct ArchivedPulls: Sendable {
    public let runDate: Day
    /// The run whose pulls these are.
    public let sourceRunId: String
    /// The run whose report is current for the day: the source run, or a later replay of it.
    public let currentRunId: String
    public let rows: [DimensionRows]
    /// The `data.pulled` event of each dimension, in pull order.
    public let pulls: [(dimension: String, eventId: String)]

    /// Loads the pulls behind the current run of (`monitor`, `date`), or nil when that day has none archived.
    ///
    /// A rebuild run pulls nothing: its rows are those of the run it replayed (`source_run_id` in its
    /// `run.started`), so the lookup follows that link back to the run that did pull them.
    public static func load(_ reader: ArchiveReader, monitor: Monitor, date: Day) throws(PipelineError) -> ArchivedPulls? {
        guard let current = try reader.currentRun(monitor: monitor.name, date: date.description) else { return nil }
        var runId = current
        var visited: Set<String> = []
        while visited.insert(runId).inserted {
            let events = try reader.runEvents(runId, types: [EventType.runStarted.rawValue, EventType.dataPulled.rawValue])
            let pulled = events.filter { $0.type == EventType.dataPulled.rawValue }
            if !pulled.isEmpty {
                let (rows, pulls) = try decode(pulled, monitor: monitor)
                return ArchivedPulls(runDate: date, sourceRunId: runId, currentRunId: current, rows: rows, pulls: pulls)
            }
            let started = events.first { $0.type == EventType.runStarted.rawValue }
            guard let source = started?.payload["options"]?["source_run_id"]?.stringValue else { return nil }
            runId = source
        }
        return nil
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
