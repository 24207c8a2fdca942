/// Where a `source: bigquery` monitor's jobs run and what they may cost.
public struct BigQuerySettings: Sendable, Equatable {
    /// Project that runs (and pays for) the jobs; nil uses `GOOGLE_CLOUD_PROJECT` or the credential's project.
    public var project: String?
    /// Job location (US, EU, a region); nil lets BigQuery choose.
    public var location: String?
    /// A job that would bill more bytes fails instead of running.
    public var maximumBytesBilled: Int64?
    /// On-demand price of a TiB billed, in US dollars, for `aa cost` (default ``defaultUSDPerTiB``).
    public var usdPerTiB: Double = Self.defaultUSDPerTiB

    /// BigQuery's published on-demand rate (US multi-region), $6.25 per TiB since 2023-07-05.
    public static let defaultUSDPerTiB = 6.25

    public init(project: String? = nil, location: String? = nil, maximumBytesBilled: Int64? = nil) {
        self.project = project
        self.location = location
        self.maximumBytesBilled = maximumBytesBilled
    }
}
