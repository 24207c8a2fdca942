import Context
import MonitorEngine
import Pipeline

/// What a replay command (`rebuild`, `reanalyze`) works on, read once: the registry, `--monitor`, and `--from`
/// (required) to `--to` (default yesterday).
struct ReplayOptions {
    let registry: LoadedRegistry
    let monitor: Monitor
    let from: Day
    let to: Day

    init(_ invocation: Invocation, command: String) throws(PipelineError) {
        let name = try invocation.arguments.required(.monitor, for: command)
        guard invocation.arguments.value(.from) != nil else {
            throw PipelineError(.usage, "`aa \(command)` needs --from; see `aa \(command) --help`")
        }
        let from = try invocation.runDate(.from)
        let to = try invocation.runDate(.to)
        guard from <= to else { throw PipelineError(.usage, "--from \(from) is after --to \(to)") }
        registry = try invocation.registry()
        monitor = try registry.monitor(name)
        self.from = from
        self.to = to
    }
}
