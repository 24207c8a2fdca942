import CanonicalJSON

/// How `aa run` was asked to run.
package struct RunOptions: Sendable {
    /// What started the run: schedule, cli, rebuild or reanalyze.
    package var trigger: String = "cli"
    /// Use the AI analyst when one is configured; the built-in narrative otherwise.
    package var ai: Bool = true
    /// Compute and print everything, append nothing.
    package var dryRun: Bool = false
    /// Post even when the same findings were already delivered.
    package var resend: Bool = false
    /// Judge the run date even when its data looks incomplete.
    package var force: Bool = false
    /// A second look at a day an earlier run left unjudged.
    package var revisit: Revisit?

    package init(trigger: String = "cli", ai: Bool = true, dryRun: Bool = false, resend: Bool = false) {
        self.trigger = trigger
        self.ai = ai
        self.dryRun = dryRun
        self.resend = resend
    }

    var json: [String: JSONValue] {
        var json: [String: JSONValue] = ["ai": .bool(ai), "dry_run": .bool(dryRun), "resend": .bool(resend)]
        if force { json["force"] = true }
        if revisit != nil { json["revisit"] = true }
        return json
    }
}
