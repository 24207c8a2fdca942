/// What a completeness check saw on the run date: whether the day counts as loaded, and the numbers behind it.
public struct CompletenessVerdict: Sendable, Equatable {
    public let complete: Bool
    /// The day's volume (volume check).
    public let seen: Double?
    /// The volume the baseline expects (volume check): the median of the same weekday in the baseline weeks.
    public let expected: Double?
    /// `seen / expected`.
    public let share: Double?
    /// The time the data was loaded through, as the freshness query returned it (sql check).
    public let loadedThrough: String?
    /// The finding in words: `61 % of the expected visitors`, `loaded through 2026-11-20T14:00:00Z`.
    public let sentence: String

    public init(complete: Bool, seen: Double?, expected: Double?, share: Double?, loadedThrough: String?, sentence: String) {
        self.complete = complete
        self.seen = seen
        self.expected = expected
        self.share = share
        self.loadedThrough = loadedThrough
        self.sentence = sentence
    }
}
