import Context
import MonitorEngine
import Pipeline

extension RunCommand {
    /// `aa run`'s options, read from the command line once and passed as a value from then on.
    struct Options {
        let date: Day
        /// Monitors named with `--monitors` (nil: every monitor this build can reach).
        let monitors: [String]?
        /// False with `--no-ai`: the built-in narrative, whatever endpoint is configured.
        let ai: Bool
        let model: String?
        let dryRun: Bool
        let resend: Bool
        /// Judge the day even when its data looks incomplete.
        let force: Bool
        /// False with `--no-archive`: no upload to the BigQuery archive table at the end.
        let upload: Bool
        let quiet: Bool

        init(_ invocation: Invocation) throws(PipelineError) {
            let args = invocation.arguments
            date = try invocation.runDate()
            monitors = args.list(.monitors)
            ai = !args.flag(.noAI)
            model = args.value(.model)
            dryRun = args.flag(.dryRun)
            resend = args.flag(.resend)
            force = args.flag(.force)
            upload = !args.flag(.noArchive)
            quiet = args.flag(.quiet)
        }

        /// What the run records in `run.started`.
        var run: RunOptions {
            var options = RunOptions(trigger: "cli", ai: ai, dryRun: dryRun, resend: resend)
            options.force = force
            return options
        }
    }
}
