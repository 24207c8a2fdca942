import CanonicalJSON
import Context
import EventArchive
import MonitorEngine

/// Compares the rows a run pulled for past days with what the previous current run of the monitor pulled for the
/// same days, and archives every difference in one `data.restated` event.
enum RestatementCheck {
    /// The pulls of the monitor's latest current run on or before `date`: what this run's pulls are compared with
    /// (and stored against); nil without an archive or an earlier current run.
    static func previous(monitor: Monitor, date: Day, reader: ArchiveReader?) throws(PipelineError) -> ArchivedPulls? {
        guard let reader else { return nil }
        let previousDate = try reader.wrap { () throws(ArchiveError) in
            try reader.store.latestReportDate(monitor: monitor.name, through: date.description)
        }
        guard let previousDate, let day = Day(previousDate),
            let location = try ArchivedPulls.locate(reader, monitor: monitor, date: day)
        else { return nil }
        return try ArchivedPulls.load(reader, location, monitor: monitor)
    }

    /// The restatements found against `previous`, after recording their event in `recorder`.
    static func record(
        monitor: Monitor, date: Day, rows: [DimensionRows], pulls: [(dimension: String, eventId: String)], previous: ArchivedPulls?,
        recorder: inout RunRecorder
    ) -> [Restatement] {
        guard let previous else { return [] }
        let found = Restatement.between(earlier: previous.rows, later: rows, columns: monitor.columns, before: date)
        guard !found.isEmpty else { return [] }
        let ours = Dictionary(pulls.map { ($0.dimension, $0.eventId) }, uniquingKeysWith: { first, _ in first })
        let theirs = Dictionary(previous.pulls.map { ($0.dimension, $0.eventId) }, uniquingKeysWith: { first, _ in first })
        let changes = found.map { r -> JSONValue in
            [
                "dimension": .string(r.dimension), "slice": .string(r.slice), "day": .string(r.day.description),
                "column": .string(r.column),
                "old": .number(r.old), "new": .number(r.new), "relative_change": .number(r.relativeChange),
                "pull_event_id": .string(ours[r.dimension] ?? ""), "previous_pull_event_id": .string(theirs[r.dimension] ?? ""),
            ]
        }
        recorder.record(
            DataRestated(previousRunId: previous.sourceRunId, changes: changes, material: found.contains { isMaterial($0, monitor) }),
            cause: pulls.last?.eventId)
        return found
    }

    /// Whether a change reaches the monitor's `alerting.material_restatement` share (the message mentions it).
    static func isMaterial(_ r: Restatement, _ monitor: Monitor) -> Bool {
        !(abs(r.relativeChange) < monitor.alerting.materialRestatement)
    }
}
