/// How `aa run` was asked to run.
public struct RunOptions: Sendable {
    /// What started the run: schedule, cli, rebuild or reanalyze.
    public var trigger: String = "cli"
    /// Use the AI analyst when one is configured; the built-in narrative otherwise.
    public var ai: Bool = true
    /// Compute and print everything, append nothing.
    public var dryRun: Bool = false
    /// Post even when the same findings were already delivered.
    public var resend: Bool = false

    public init(trigger: String = "cli", ai: Bool = true, dryRun: Bool = false, resend: Bool = false) {
        self.trigger = trigger
        self.ai = ai
        self.dryRun = dryRun
        self.resend = resend
    }

    var json: [String: JSONValue] { ["ai": .bool(ai), "dry_run": .bool(dryRun), "resend": .bool(resend)] }
}

import CanonicalJSON
