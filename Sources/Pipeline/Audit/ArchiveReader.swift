import CanonicalJSON
import Context
import Digest
import EventArchive

/// Read helpers the audit commands share: events of a run, the current run of a day, an anomaly's event.
package struct ArchiveReader {
    package let store: ArchiveStore
    /// Rebuilds pulls stored as deltas, keeping recent ones: readers made from one reader share what it rebuilt.
    package let pulls: PullResolver

    package init(store: ArchiveStore) {
        self.store = store
        pulls = PullResolver(store: store)
    }

    package func wrap<T>(_ body: () throws(ArchiveError) -> T) throws(PipelineError) -> T {
        do { return try body() } catch { throw PipelineError(error) }
    }

    /// The events of `runId` in order: all of them, or only `types`; without payloads when `payloads` is false.
    package func runEvents(_ runId: String, types: [EventType] = [], payloads: Bool = true) throws(PipelineError) -> [EventEnvelope] {
        var filter = EventFilter(runId: runId, types: types)
        filter.includePayload = payloads
        return try wrap { () throws(ArchiveError) in try store.events(filter) }
    }

    /// One event by id, if archived.
    package func event(_ eventId: String) throws(PipelineError) -> EventEnvelope? {
        try wrap { () throws(ArchiveError) in try store.event(id: eventId) }
    }

    /// The `data.pulled` payload of `event` with its whole rows, a delta rebuilt from the pulls it was stored against.
    package func pulled(_ event: EventEnvelope) throws(PipelineError) -> DataPulled {
        var pulled = try event.typed(DataPulled.self)
        let rebuilt = try wrap { () throws(ArchiveError) in try pulls.rows(of: event, pulled: pulled) }
        pulled.rows = .whole(rebuilt.rows)
        return pulled
    }

    /// The run's last message record (sent, failed or skipped), if it got as far as one.
    package func lastMessage(of runId: String) throws(PipelineError) -> MessageRecord? {
        try runEvents(runId, types: [.messageSent, .messageFailed, .messageSkipped]).last.map { (event) throws(PipelineError) in
            try event.typed(MessageRecord.self)
        }
    }

    /// What a run found, without what is particular to the run (anomaly and pull ids): equal fingerprints, same findings.
    package func findingsFingerprint(of runId: String) throws(PipelineError) -> String {
        let findings = try runEvents(runId, types: [.anomalyFlagged]).all(AnomalyFlagged.self).map { flagged in
            var general = flagged
            general.anomalyId = ""
            general.pullEventId = nil
            return general.json.canonicalString
        }
        return SHA256Digest.hex(findings.sorted().joined(separator: "\n"))
    }

    /// The run whose report is current for (monitor, date), if any.
    package func currentRun(monitor: String, date: String) throws(PipelineError) -> String? {
        try wrap { () throws(ArchiveError) in try store.currentRun(monitor: monitor, date: date) }
    }

    /// The `analysis.produced` events of later re-analyses of `runId`'s findings, oldest first.
    package func reanalyses(of runId: String, monitor: String, date: String) throws(PipelineError) -> [EventEnvelope] {
        // The read models say which analyses of the day came from re-analysis runs; only those payloads are read.
        let ids = try wrap { () throws(ArchiveError) in try store.reanalysisEventIds(monitor: monitor, date: date) }
        return try wrap { () throws(ArchiveError) in try store.events(ids: ids) }.filter {
            (try? $0.decode(AnalysisProduced.self))?.analyzedRunId == runId
        }
    }

    /// The analyses of a day's current findings, oldest first: the current run's own, then re-analyses of it.
    package func analyses(monitor: String, date: String) throws(PipelineError) -> [EventEnvelope] {
        guard let runId = try currentRun(monitor: monitor, date: date) else { return [] }
        return try runEvents(runId, types: [.analysisProduced]) + reanalyses(of: runId, monitor: monitor, date: date)
    }

    /// The latest completed run of (monitor, date) computed under a logic version starting with `logicVersion`.
    package func run(monitor: String, date: String, logicVersion: String) throws(PipelineError) -> String? {
        try wrap { () throws(ArchiveError) in try store.latestCompletedRun(monitor: monitor, date: date, logicVersion: logicVersion) }
    }

    /// Every logic version a (monitor, date) has a completed run under, oldest first.
    package func logicVersions(monitor: String, date: String) throws(PipelineError) -> [String] {
        try wrap { () throws(ArchiveError) in try store.logicVersions(monitor: monitor, date: date) }
    }

    /// The `anomaly.flagged` event for an anomaly id, or a not-found error that says how to list ids.
    package func anomalyEvent(_ anomalyId: String) throws(PipelineError) -> EventEnvelope {
        let event = try wrap { () throws(ArchiveError) in
            try store.flaggedEventId(anomalyId: anomalyId).map { id throws(ArchiveError) in try store.event(id: id) } ?? nil
        }
        guard let event
        else {
            throw PipelineError(.notFound, "no anomaly with id \(anomalyId) in \(store.path); list them with `aa alerts`")
        }
        return event
    }

    /// Anomaly ids matching a monitor, date, metric and optional slice in the current report.
    package func findAnomaly(monitor: String, date: String, metric: String, slice: String?) throws(PipelineError) -> String {
        // A slice may be given bare (`android`) or as the tables print it (`platform=android`).
        let qualified = slice.flatMap { text -> (String, String)? in
            guard let eq = text.firstIndex(of: "=") else { return nil }
            return (String(text[..<eq]), String(text[text.index(after: eq)...]))
        }
        let found = try wrap { () throws(ArchiveError) -> String? in
            if let id = try store.currentAnomalyId(monitor: monitor, date: date, metric: metric, slice: slice) { return id }
            guard let (dimension, value) = qualified else { return nil }
            return try store.currentAnomalyId(monitor: monitor, date: date, metric: metric, dimension: dimension, slice: value)
        }
        guard let id = found else {
            throw PipelineError(
                .notFound,
                "no finding for \(metric)\(slice.map { " (\($0))" } ?? "") of \(monitor) on \(date) in the current report; see `aa "
                    + "report --monitor \(monitor) --date \(date)`"
            )
        }
        return id
    }
}
