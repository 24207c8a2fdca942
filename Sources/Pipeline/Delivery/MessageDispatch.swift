import CanonicalJSON
import Context
import Digest
import EventArchive
import MonitorEngine
import Slack

/// The delivery rules of a run's message, in one place: once per (monitor, day, destination, findings); an
/// unchanged re-run is skipped, a changed one posts an update; a dry run or a replay only previews (its context
/// holds no delivery that posts); a real post archives its intent first, so a crash after Slack accepted it leaves
/// evidence that the next run resolves by the monitor's delivery mode; `--resend` posts again.
struct MessageDispatch {
    let run: RunContext

    /// What earlier runs of the day left at `run`'s destination: the message a re-run compares with (the last one
    /// sent, or under `at_most_once` one that may have been), and an intent that no outcome followed.
    static func earlier(_ run: RunContext) throws(PipelineError) -> (prior: PriorDelivery?, unresolved: EventEnvelope?) {
        guard let store = run.archive else { return (nil, nil) }
        let events: [EventEnvelope]
        do { events = try store.messageEvents(monitor: run.monitor.name, date: run.date.description) } catch {
            throw PipelineError(error)
        }
        let mine = events.filter { (try? $0.decode(MessageRecord.self))?.destination == run.destination }
        let settling: Set<EventType> = run.monitor.alerting.delivery == .atMostOnce ? [.messageSent, .messageUnknown] : [.messageSent]
        let prior = try mine.last { settling.contains($0.type) }.map { (e) throws(PipelineError) in try PriorDelivery(e) }
        return (prior, mine.last?.type == .messageSending ? mine.last : nil)
    }

    /// Delivers a message about `keys` once per (monitor, day, destination, keys); `quiet` (nothing new to say) posts
    /// only when the monitor posts all-clears or an earlier message needs its update. `render` builds the payload.
    ///
    /// - Returns: the id of the `message.*` event recorded, the cause of the run's completion.
    func send(keys: [String], quiet: Bool, cause: String, _ recorder: inout RunRecorder, render: (DeliveryUpdate?) -> JSONValue)
        -> String
    {
        let (monitor, date, prior, resend) = (run.monitor, run.date, run.prior, run.options.resend)
        let digest = SHA256Digest.hex(keys.joined(separator: "\n"))
        let destination = run.destination
        let key = SHA256Digest.hex("\(monitor.name)|\(date)|\(destination)|\(digest)")
        func record(
            _ type: EventType, _ reason: String, destination: String, key: String?, message: JSONValue = .null, receipt: JSONValue = .null,
            cause because: String? = nil, subject: String = ""
        ) -> String {
            let record = MessageRecord(
                destination: destination, reason: reason, findingsDigest: digest, deliveryKey: key, message: message, alertKeys: keys,
                receipt: receipt)
            return recorder.record(record, as: type, subject: subject, cause: because ?? cause)
        }
        if let prior, prior.findingsDigest == digest, !resend {
            return record(.messageSkipped, prior.sameFindingsReason, destination: destination, key: key)
        }
        guard !quiet || monitor.alerting.postAllClear || prior != nil else {
            return record(.messageSkipped, "no new anomalies and post_all_clear is off", destination: "none", key: nil)
        }
        let update = prior.map { p in
            DeliveryUpdate(
                previousAt: p.sentAt, added: keys.filter { !p.alertKeys.contains($0) }, resolved: p.alertKeys.filter { !keys.contains($0) })
        }
        let payload = render(update)
        guard let store = run.archive, !run.options.dryRun, destination != PreviewDelivery.destination else {
            let outcome = run.delivery.deliver(payload, monitor: monitor.name, thread: prior?.threadTs)
            return record(
                Self.type(of: outcome), outcome.detail, destination: outcome.destination, key: key, message: payload,
                receipt: outcome.receipt)
        }
        // A crashed run's post may have reached Slack: resolve its intent before (perhaps) posting again.
        var intentCause = cause
        var note = ""
        if let earlier = run.unresolved {
            let resolution = DeliveryIntent.resolve(earlier, delivery: run.delivery, monitor: monitor)
            recorder.deliveryNote = resolution.note
            switch resolution {
            case .found(let receipt, let detail):
                // The crash may have come between the alert and its narrative reply: send what is missing.
                let completed = run.delivery.complete(payload, found: receipt, monitor: monitor.name, deliveryKey: key)
                recorder.deliveryNote = completed.map { "\(detail); \($0)" } ?? detail
                return record(
                    .messageSent, recorder.deliveryNote ?? detail, destination: destination, key: key, message: payload, receipt: receipt,
                    cause: earlier.eventId)
            case .leave(let detail):
                return record(.messageUnknown, detail, destination: destination, key: key, message: payload, cause: earlier.eventId)
            case .postAgain(let detail):
                intentCause = earlier.eventId
                note = " (\(detail))"
            }
        }
        // The intent is committed before the post, so a crash after Slack accepts it leaves evidence to resolve.
        let intent = record(
            .messageSending, "posting" + note, destination: destination, key: key, message: payload, cause: intentCause,
            subject: "sending")
        do {
            try store.append(recorder.pending)
            recorder.markCommitted()
        } catch {
            return record(
                .messageFailed, "not posted: its delivery intent could not be archived (\(error.message)); `aa run` again",
                destination: destination, key: key, message: payload)
        }
        let outcome = run.delivery.deliver(payload, monitor: monitor.name, thread: prior?.threadTs, deliveryKey: key)
        if outcome.kind == .sent { CrashPoint.reach("after-slack-accepted") }
        return record(
            Self.type(of: outcome), outcome.detail + note, destination: outcome.destination, key: key, message: payload,
            receipt: outcome.receipt, cause: intent)
    }

    /// The `message.*` event that records `outcome`.
    static func type(of outcome: DeliveryOutcome) -> EventType {
        outcome.kind == .sent ? .messageSent : outcome.kind == .failed ? .messageFailed : .messageSkipped
    }
}
