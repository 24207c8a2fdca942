import CanonicalJSON
import Context
import EventArchive
import MonitorEngine

/// Feedback on findings: `anomaly.labeled` events, attached to the run that flagged the anomaly.
package enum Labeling {
    /// The labels a person may give.
    package static let labels = Monitor.Alerting.labels

    /// Appends a label for `anomalyId`, unless it is the label and note the anomaly carries now: a retry is then a
    /// success that appends nothing (`appended` false, the existing event returned), so scripts may retry safely.
    ///
    /// - Throws: ``PipelineError`` for an unknown label or anomaly id, before anything is appended.
    package static func label(
        anomalyId: String, as label: String, note: String?, source: String? = nil, store: ArchiveStore, clock: WallClock
    ) throws(PipelineError) -> (event: EventEnvelope, appended: Bool) {
        guard labels.contains(label) else {
            throw PipelineError(.usage, "--as '\(label)' is not a label; use true_positive, false_positive or expected")
        }
        let reader = ArchiveReader(store: store)
        let flagged = try reader.anomalyEvent(anomalyId)
        let current = try reader.wrap { () throws(ArchiveError) in try store.currentLabel(anomalyId: anomalyId) }
        if let current, current.label == label, current.note == note, let event = try reader.event(current.eventId) {
            return (event, false)
        }
        // The id names the label's place in the anomaly's history, so going back to an earlier label appends again.
        let subject = "\(anomalyId)|\(label)|\(note ?? "")" + (current.map { "|\($0.count)" } ?? "")
        let draft = EventDraft(
            eventId: EventDraft.makeId(runId: flagged.runId, type: .anomalyLabeled, subject: subject),
            runId: flagged.runId, monitor: flagged.monitor, runDate: flagged.runDate, type: .anomalyLabeled, occurredAt: clock.timestamp(),
            causationId: flagged.eventId,
            payload: AnomalyLabeled(anomalyId: anomalyId, label: label, note: note, source: source).json)
        let written = try reader.wrap { () throws(ArchiveError) in try store.append([draft]) }
        guard let event = written.first else {
            throw PipelineError(.runtime, "the label of \(anomalyId) was not appended; run `aa verify`")
        }
        return (event, true)
    }
}
