import CanonicalJSON

/// `data.incomplete` (`schemas/events/data.incomplete.schema.json`): the run date's data did not look complete
/// under the monitor's completeness rule — what was seen, what was expected, the rule — and whether the day was
/// judged anyway (`aa run --force`) or left unjudged.
public struct DataIncomplete: SingleEventPayload, Equatable {
    public static let eventType: EventType = .dataIncomplete

    /// `volume` or `sql`.
    public var check: String
    /// The checked count metric (volume check).
    public var metric: String?
    public var seen: Double?
    public var expected: Double?
    public var share: Double?
    /// What the freshness query said the data was loaded through (sql check).
    public var loadedThrough: String?
    /// `61 % of the expected visitors`.
    public var sentence: String
    /// The registry's `completeness` block.
    public var rule: JSONValue
    /// Checks made, the last one included, and the seconds spent waiting between them.
    public var attempts: Int64
    public var waitedSeconds: Int64
    /// Whether the day was judged anyway.
    public var judged: Bool

    public init(
        check: String, metric: String?, seen: Double?, expected: Double?, share: Double?, loadedThrough: String?, sentence: String,
        rule: JSONValue, attempts: Int64, waitedSeconds: Int64, judged: Bool
    ) {
        self.check = check
        self.metric = metric
        self.seen = seen
        self.expected = expected
        self.share = share
        self.loadedThrough = loadedThrough
        self.sentence = sentence
        self.rule = rule
        self.attempts = attempts
        self.waitedSeconds = waitedSeconds
        self.judged = judged
    }

    public init(json: JSONValue) throws(PayloadError) {
        let f = try PayloadFields(json, "data.incomplete")
        check = try f.string("check")
        metric = try f.optionalString("metric")
        seen = try f.number("seen")
        expected = try f.number("expected")
        share = try f.number("share")
        loadedThrough = try f.optionalString("loaded_through")
        sentence = try f.string("sentence")
        rule = try f.object("rule")
        attempts = try f.int("attempts")
        waitedSeconds = try f.int("waited_seconds")
        judged = try f.bool("judged")
    }

    public var json: JSONValue {
        [
            "check": .string(check), "metric": .optional(metric), "seen": .number(seen), "expected": .number(expected),
            "share": .number(share), "loaded_through": .optional(loadedThrough), "sentence": .string(sentence), "rule": rule,
            "attempts": .int(attempts), "waited_seconds": .int(waitedSeconds), "judged": .bool(judged),
        ]
    }
}
