import CanonicalJSON
import Context
import EventArchive
import Slack

/// Messages that failed and were never sent since: `aa deliver --pending` (and the start of each `aa run`)
/// sends them again, so an outage at Slack delays an alert but never loses it.
package struct PendingDeliveries {
    package let store: ArchiveStore
    package let delivery: any Delivery
    package let clock: WallClock

    package init(store: ArchiveStore, delivery: any Delivery, clock: WallClock) {
        self.store = store
        self.delivery = delivery
        self.clock = clock
    }

    /// The `message.failed` events whose delivery key has no later `message.sent`.
    package func pending() throws(PipelineError) -> [EventEnvelope] {
        do { return try store.pendingMessages() } catch { throw PipelineError(error) }
    }

    /// Sends every pending message once more to its destination, if that destination is configured now; each
    /// attempt appends `message.sent` or `message.failed` to its run.
    @discardableResult
    package func send() throws(PipelineError) -> [(event: EventEnvelope, outcome: DeliveryOutcome)] {
        var results: [(EventEnvelope, DeliveryOutcome)] = []
        for failed in try pending() {
            var record = try failed.typed(MessageRecord.self)
            guard record.message != .null else { continue }
            // Only the destination that failed can take it; with that webhook or bot unset it simply stays pending.
            guard delivery.destination(for: failed.monitor) == record.destination else { continue }
            let outcome = delivery.deliver(record.message, monitor: failed.monitor, thread: nil)
            if outcome.kind == .sent { CrashPoint.reach("after-slack-accepted") }
            let type: EventType = outcome.kind == .sent ? .messageSent : .messageFailed
            let now = clock.timestamp()
            record.destination = outcome.destination
            record.receipt = outcome.receipt
            record.reason = outcome.kind == .sent ? "delivered late by `aa deliver --pending` (\(outcome.detail))" : outcome.detail
            let draft = EventDraft(
                eventId: EventDraft.makeId(runId: failed.runId, type: type, subject: "retry|\(failed.eventId)|\(now)"), runId: failed.runId,
                monitor: failed.monitor, runDate: failed.runDate, type: type, occurredAt: now, causationId: failed.eventId,
                payload: record.json)
            do { try store.append([draft]) } catch { throw PipelineError(error) }
            results.append((failed, outcome))
        }
        return results
    }
}
