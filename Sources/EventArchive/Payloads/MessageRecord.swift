import CanonicalJSON

/// `message.sent`, `message.failed`, `message.skipped` and `message.unknown` (one schema shape each): what happened to a
/// run's message; `message.sending`, the same shape, is the intent archived before posting.
public struct MessageRecord: EventPayload, Equatable {
    public static let eventTypes: Set<EventType> = [.messageSent, .messageFailed, .messageSkipped, .messageSending, .messageUnknown]

    /// A name for where it went (`slack:SLACK_WEBHOOK_URL`, `preview`, `none`); never a URL or token.
    public var destination: String
    public var reason: String
    /// SHA-256 of the alert keys: equal digests, same findings.
    public var findingsDigest: String
    /// (monitor, day, destination, findings) hashed; nil where nothing was to be delivered.
    public var deliveryKey: String?
    /// The Block Kit payload, where one was rendered.
    public var message: JSONValue
    /// `metric|dimension|slice|severity` of each alert.
    public var alertKeys: [String]
    /// What the destination handed back (bot mode: channel and `ts`).
    public var receipt: JSONValue

    public init(
        destination: String, reason: String, findingsDigest: String, deliveryKey: String?, message: JSONValue, alertKeys: [String],
        receipt: JSONValue
    ) {
        self.destination = destination
        self.reason = reason
        self.findingsDigest = findingsDigest
        self.deliveryKey = deliveryKey
        self.message = message
        self.alertKeys = alertKeys
        self.receipt = receipt
    }

    public init(json: JSONValue) throws(PayloadError) {
        let f = try PayloadFields(json, "message")
        destination = try f.string("destination")
        reason = try f.string("reason")
        findingsDigest = try f.string("findings_digest")
        deliveryKey = try f.optionalString("delivery_key")
        message = try f.object("message", nullable: true)
        alertKeys = try f.strings("alert_keys")
        receipt = try f.object("receipt", nullable: true)
    }

    public var json: JSONValue {
        [
            "destination": .string(destination), "reason": .string(reason), "findings_digest": .string(findingsDigest),
            "delivery_key": .optional(deliveryKey), "message": message, "alert_keys": .strings(alertKeys), "receipt": receipt,
        ]
    }

    /// Bot mode: the `ts` of the thread the first message started, for updates to reply under.
    public var threadTs: String? { receipt["thread_ts"]?.stringValue ?? receipt["ts"]?.stringValue }
}
