import CanonicalJSON
import Context
import EventArchive
import MonitorEngine

/// The last message actually sent for a monitor, day and destination: what a re-run compares with.
package struct PriorDelivery: Sendable {
    package let eventId: String
    package let sentAt: String
    package let findingsDigest: String
    package let alertKeys: [String]
    /// Bot mode: the `ts` of the thread the first message started, for updates to reply under.
    package let threadTs: String?

    /// The latest `message.sent` for (monitor, date, destination), if any.
    package static func load(_ store: ArchiveStore, monitor: String, date: Day, destination: String) throws(PipelineError)
        -> PriorDelivery?
    {
        let sent: EventEnvelope?
        do { sent = try store.lastSentMessage(monitor: monitor, date: date.description, destination: destination) } catch {
            throw PipelineError(.runtime, error.message)
        }
        guard let event = sent else { return nil }
        let record = try event.typed(MessageRecord.self)
        return PriorDelivery(
            eventId: event.eventId, sentAt: event.occurredAt, findingsDigest: record.findingsDigest, alertKeys: record.alertKeys,
            threadTs: record.threadTs)
    }
}
