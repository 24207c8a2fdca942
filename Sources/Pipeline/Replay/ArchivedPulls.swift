import CanonicalJSON
import Context
import EventArchive
import MonitorEngine

/// The rows a day's current run pulled, read back from its `data.pulled` events: what replays evaluate,
/// so a rebuild or backtest never queries the warehouse.
package struct ArchivedPulls: Sendable {
    package let runDate: Day
    /// The run whose pulls these are.
    package let sourceRunId: String
    /// The run whose report is current for the day: the source run, or a later replay of it.
    package let currentRunId: String
    package let rows: [DimensionRows]
    /// The `data.pulled` event of each dimension, in pull order.
    package let pulls: [(dimension: String, eventId: String)]

    /// Where a day's pulls are archived: found from ids alone, so a long range is checked before any row is read.
    package struct Location: Sendable {
        package let runDate: Day
        package let currentRunId: String
        package let sourceRunId: String
        /// The `data.pulled` events, in pull order.
        package let eventIds: [String]
    }

    /// Finds the pulls behind the current run of (`monitor`, `date`), or nil when that day has none archived.
    ///
    /// A rebuild run pulls nothing: its rows are those of the run it replayed (`source_run_id` in its
    /// `run.started`), so the lookup follows that link back to the run that did pull them.
    package static func locate(_ reader: ArchiveReader, monitor: Monitor, date: Day) throws(PipelineError) -> Location? {
        guard let current = try reader.currentRun(monitor: monitor.name, date: date.description) else { return nil }
        var runId = current
        var visited: Set<String> = []
        while visited.insert(runId).inserted {
            let pulled = try reader.runEvents(runId, types: [.dataPulled], payloads: false)
            if !pulled.isEmpty {
                return Location(runDate: date, currentRunId: current, sourceRunId: runId, eventIds: pulled.map(\.eventId))
            }
            let started = try reader.runEvents(runId, types: [.runStarted]).first(RunStarted.self)
            guard let source = started?.sourceRunId else { return nil }
            runId = source
        }
        return nil
    }

    /// Where the pulls of each day from `from` to `to` are archived, for the days that have any.
    package static func locate(_ reader: ArchiveReader, monitor: Monitor, from: Day, to: Day) throws(PipelineError) -> [Location] {
        var locations: [Location] = []
        var day = from
        while day <= to {
            if let location = try locate(reader, monitor: monitor, date: day) { locations.append(location) }
            day = day.adding(1)
        }
        return locations
    }

    /// Reads the rows at `location`.
    package static func load(_ reader: ArchiveReader, _ location: Location, monitor: Monitor) throws(PipelineError) -> ArchivedPulls {
        try decode(try pulled(reader, location), at: location, monitor: monitor)
    }

    /// The archived `data.pulled` payloads at `location` with their whole rows (deltas rebuilt), by event id.
    static func pulled(_ reader: ArchiveReader, _ location: Location) throws(PipelineError) -> [(eventId: String, pulled: DataPulled)] {
        try pulled(reader, ids: location.eventIds)
    }

    /// The archived `data.pulled` payloads of `ids` with their whole rows, in archive order.
    static func pulled(_ reader: ArchiveReader, ids: [String]) throws(PipelineError) -> [(eventId: String, pulled: DataPulled)] {
        let events = try reader.wrap { () throws(ArchiveError) in try reader.store.events(ids: ids) }
        return try events.map { (event) throws(PipelineError) in (event.eventId, try reader.pulled(event)) }
    }

    /// The rows of `pulls` read from `location`: pure work (decoding), safe on any thread.
    static func decode(_ pulls: [(eventId: String, pulled: DataPulled)], at location: Location, monitor: Monitor) throws(PipelineError)
        -> ArchivedPulls
    {
        let (rows, ids) = try decode(pulls, monitor: monitor)
        return ArchivedPulls(
            runDate: location.runDate, sourceRunId: location.sourceRunId, currentRunId: location.currentRunId, rows: rows, pulls: ids)
    }

    /// The rows of archived pulls (whole rows, any payload version), with each pull's dimension and event id.
    static func decode(_ pulls: [(eventId: String, pulled: DataPulled)], monitor: Monitor) throws(PipelineError) -> (
        [DimensionRows], [(dimension: String, eventId: String)]
    ) {
        var rows: [DimensionRows] = []
        var ids: [(String, String)] = []
        for (eventId, pulled) in pulls {
            let schema = pulled.schema.map { ($0["name"]?.stringValue ?? "", $0["type"]?.stringValue ?? "") }
            let result = QueryResult(
                schema: schema, rows: (pulled.wholeRows ?? []).map { $0.arrayValue ?? [] }, jobId: pulled.jobId, bytesProcessed: nil,
                cacheHit: nil, source: pulled.source)
            rows.append(try RowDecoder.decode(result, monitor: monitor, dimension: pulled.dimension))
            ids.append((pulled.dimension, eventId))
        }
        return (rows, ids)
    }
}
