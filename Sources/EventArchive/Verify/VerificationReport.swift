/// What `aa verify` found: chain and sequence checks per origin, and whether projections replay identically.
public struct VerificationReport: Sendable {
    public let events: Int
    public let origins: Int
    /// `data.pulled` events whose whole rows were rebuilt (deltas applied) and matched their `result_hash`.
    public let pullsRebuilt: Int
    /// The first pull that does not rebuild to its `result_hash` (or cannot be rebuilt), described for people.
    public let pullProblem: String?
    /// The first event that breaks the chain or its facts, described for people; nil when the chain is intact.
    public let firstProblem: String?
    /// The event of `firstProblem`, else of `pullProblem`.
    public let firstBadEventId: String?
    public let storedProjectionDigest: String
    public let replayedProjectionDigest: String
    /// Whether the append-only triggers are in place.
    public let guardsPresent: Bool

    public var projectionsMatch: Bool { storedProjectionDigest == replayedProjectionDigest }
    public var ok: Bool { firstProblem == nil && pullProblem == nil && projectionsMatch && guardsPresent }
}
