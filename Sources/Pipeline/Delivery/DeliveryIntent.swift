import CanonicalJSON
import Context
import EventArchive
import MonitorEngine
import Slack

/// A `message.sending` that a run archived before posting and never followed with an outcome — the process died
/// between the two — and what the next run of the day does about it: find the post (bot mode), or post again
/// (`at_least_once`), or record `message.unknown` and leave it (`at_most_once`).
enum DeliveryIntent {
    /// This run's answer to an unresolved intent; `detail` goes into the event it records and the run's summary.
    enum Resolution {
        /// The post is in the channel: recorded as sent (with its `ts`), not posted again.
        case found(receipt: JSONValue, detail: String)
        /// Not posted again, recorded as `message.unknown`.
        case leave(String)
        /// Posted again.
        case postAgain(String)

        var note: String {
            switch self {
            case .found(_, let detail), .leave(let detail), .postAgain(let detail): detail
            }
        }
    }

    /// What to do about `intent`: the destination is asked first (bot mode can tell); otherwise the monitor's
    /// `alerting.delivery` decides.
    static func resolve(_ intent: EventEnvelope, delivery: any Delivery, monitor: Monitor) -> Resolution {
        let key = (try? intent.decode(MessageRecord.self))?.deliveryKey ?? ""
        let earlier = "the message of run \(intent.runId), which stopped after archiving its intent to post"
        switch delivery.lookUp(deliveryKey: key, monitor: monitor.name) {
        case .found(let receipt):
            return .found(receipt: receipt, detail: "\(earlier), is in the channel (found by its delivery key); not posted again")
        case .absent:
            return .postAgain("\(earlier), is not in the channel (looked up by its delivery key); posted now")
        case .cannotTell(let reason):
            // A bot that cannot read its channel degrades exactly-once to the monitor's mode: say why, every time.
            let why = reason.map { " (\($0))" } ?? ""
            switch monitor.alerting.delivery {
            case .atMostOnce:
                return .leave("\(earlier), may have reached Slack\(why); delivery is at_most_once, so it was not posted again")
            case .atLeastOnce:
                return .postAgain(
                    "\(earlier), may already have reached Slack\(why); delivery is at_least_once, so it was posted again")
            }
        }
    }
}
