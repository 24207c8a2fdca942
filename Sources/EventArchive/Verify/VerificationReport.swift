/// What `aa verify` found: chain and sequence checks per origin, and whether projections replay identically.
public struct VerificationReport: Sendable {
    public let events: Int
    public let origins: Int
    /// The first event that fails a check, described for people; nil when the chain is intact.
    public let firstProblem: String?
    public let firstBadEventId: String?
    public let storedProjectionDigest: String
    public let replayedProjectionDigest: String
    /// Whether the append-only triggers are in place.
    public let guardsPresent: Bool

    public var projectionsMatch: Bool { storedProjectionDigest == replayedProjectionDigest }
    public var ok: Bool { firstProblem == nil && projectionsMatch && guardsPresent }
}
