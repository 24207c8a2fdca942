/// Where a `source: bigquery` monitor's jobs run and what they may cost.
public struct BigQuerySettings: Sendable, Equatable {
    /// Project that runs (and pays for) the jobs; nil uses `GOOGLE_CLOUD_PROJECT` or the credential's project.
    public var project: String?
    /// Job location (US, EU, a region); nil lets BigQuery choose.
    public var location: String?
    /// A job that would bill more bytes fails instead of running.
    public var maximumBytesBilled: Int64?

    public init(project: String? = nil, location: String? = nil, maximumBytesBilled: Int64? = nil) {
        self.project = project
        self.location = location
        self.maximumBytesBilled = maximumBytesBilled
    }
}
