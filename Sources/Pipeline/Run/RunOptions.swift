/// How `aa run` was asked to run.
public struct RunOptions: Sendable {
    /// What started the run: schedule, cli, rebuild or reanalyze.
    public var trigger: String = "cli"
    /// Use the AI analyst when one is configured; the built-in narrative otherwise.
    public var ai: Bool = true
    /// Compute and print everything, append nothing.
    public var dryRun: Bool = false
    /// Print the Slack preview of each message.
    public var printPreview: Bool = true

    public init(trigger: String = "cli", ai: Bool = true, dryRun: Bool = false, printPreview: Bool = true) {
        self.trigger = trigger
        self.ai = ai
        self.dryRun = dryRun
        self.printPreview = printPreview
    }

    var json: [String: JSONValue] { ["ai": .bool(ai), "dry_run": .bool(dryRun)] }
}

import CanonicalJSON
