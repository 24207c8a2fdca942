import CanonicalJSON
import Context
import EventArchive
import MonitorEngine

/// Feedback on findings: `anomaly.labeled` events, attached to the run that flagged the anomaly.
package enum Labeling {
    /// The labels a person may give.
    package static let labels = ["true_positive", "false_positive", "expected"]

    /// Appends a label for `anomalyId`.
    ///
    /// - Throws: ``PipelineError`` for an unknown label or anomaly id, before anything is appended.
    package static func label(
        anomalyId: String, as label: String, note: String?, store: ArchiveStore, clock: WallClock
    ) throws(PipelineError) -> EventEnvelope {
        guard labels.contains(label) else {
            throw PipelineError(.usage, "--as '\(label)' is not a label; use true_positive, false_positive or expected")
        }
        let flagged = try ArchiveReader(store: store).anomalyEvent(anomalyId)
        let draft = EventDraft(
            eventId: EventDraft.makeId(runId: flagged.runId, type: .anomalyLabeled, subject: "\(anomalyId)|\(label)|\(note ?? "")"),
            runId: flagged.runId, monitor: flagged.monitor, runDate: flagged.runDate, type: .anomalyLabeled, occurredAt: clock.timestamp(),
            causationId: flagged.eventId,
            payload: AnomalyLabeled(anomalyId: anomalyId, label: label, note: note).json)
        do {
            let written = try store.append([draft])
            if let event = written.first { return event }
            throw PipelineError(.usage, "\(anomalyId) already carries that label and note; nothing appended")
        } catch let error as PipelineError { throw error } catch {
            throw PipelineError(.runtime, "\(error)")
        }
    }
}
