import CanonicalJSON
import Context
import EventArchive
import MonitorEngine

/// The last message of a monitor, day and destination that settled its delivery — sent, or under `at_most_once`
/// recorded as `message.unknown` (it may have reached Slack) — which a re-run compares with.
package struct PriorDelivery: Sendable {
    package let eventId: String
    package let sentAt: String
    package let findingsDigest: String
    package let alertKeys: [String]
    /// Bot mode: the `ts` of the thread the first message started, for updates to reply under.
    package let threadTs: String?
    /// Whether it is a `message.unknown`: a post that may or may not have reached Slack.
    package let uncertain: Bool

    /// The delivery `event` (a `message.sent` or `message.unknown`) records.
    init(_ event: EventEnvelope) throws(PipelineError) {
        let record = try event.typed(MessageRecord.self)
        eventId = event.eventId
        sentAt = event.occurredAt
        findingsDigest = record.findingsDigest
        alertKeys = record.alertKeys
        threadTs = record.threadTs
        uncertain = event.type == .messageUnknown
    }

    /// Why a re-run with the same findings posts nothing.
    var sameFindingsReason: String {
        uncertain
            ? "the same findings may already have reached Slack (\(eventId), recorded as unknown at \(sentAt)); delivery is "
                + "at_most_once, so they are not posted again; `aa run --resend` posts them"
            : "already delivered at \(sentAt) (\(eventId)) with the same findings; `aa run --resend` posts again"
    }
}
