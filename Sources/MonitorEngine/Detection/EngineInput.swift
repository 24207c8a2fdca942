/// Everything the engine reads for one monitor and day: no I/O happens past this point.
public struct EngineInput: Sendable {
    public let monitor: Monitor
    public let runDate: Day
    public let rows: [DimensionRows]
    public let labels: [IncidentLabel]
    /// Days no run judged (their data never looked complete): left out of every baseline, whatever the rule.
    public let unjudged: [Day]

    public init(monitor: Monitor, runDate: Day, rows: [DimensionRows], labels: [IncidentLabel] = [], unjudged: [Day] = []) {
        self.monitor = monitor
        self.runDate = runDate
        self.rows = rows
        self.labels = labels
        self.unjudged = unjudged
    }
}

/// One evaluated metric × slice on the run date.
public struct CellResult: Sendable, Equatable {
    public let metric: String
    public let dimension: String
    public let slice: String
    public let stats: CellStatistics
    public let verdict: Verdict
}

/// What the engine concluded for a run: every cell, the findings, and notes about data coverage.
public struct EngineResult: Sendable, Equatable {
    public let runDate: Day
    public let cells: [CellResult]
    public let findings: [Finding]
    public let notes: [String]
}
