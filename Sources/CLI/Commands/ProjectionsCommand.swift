import CanonicalJSON
import Context
import EventArchive
import MonitorEngine
import Pipeline
import SQLite

/// `aa projections rebuild|digest`: the read models are disposable; rebuild them from the log.
enum ProjectionsCommand {
    static let spec = CommandSpec(
        name: "projections", summary: "Rebuild the read models from the event log, or print their content digest.",
        usage: "aa projections rebuild | digest [--json]", options: [.wait],
        examples: ["aa projections rebuild", "aa projections digest --json"], maxPositionals: 1,
        actions: [
            ActionSpec(
                name: "rebuild", summary: "Drop and replay every read model from the event log; says whether the digest changed.",
                usage: "aa projections rebuild [--json]", examples: ["aa projections rebuild"]),
            ActionSpec(
                name: "digest", summary: "Print a content digest of the read models (equal digests, equal projections).",
                usage: "aa projections digest [--json]", examples: ["aa projections digest --json"]),
        ], run: run)

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let args = invocation.arguments
        let console = invocation.console
        switch args.positionals.first ?? "digest" {
        case "rebuild":
            let (store, digests) = try invocation.writing { (store) throws(PipelineError) in
                do throws(ArchiveError) { return (store, try store.rebuildProjections()) } catch { throw PipelineError(error) }
            }
            if invocation.json {
                console.json(
                    [
                        "before": .string(digests.before), "after": .string(digests.after),
                        "identical": .bool(digests.before == digests.after),
                    ], as: .projectionsRebuild)
            } else {
                console.out("projections rebuilt from \(((try? store.eventCount()) ?? 0)) events")
                console.out("  digest before: \(digests.before)\n  digest after:  \(digests.after)")
                console.out(
                    digests.before == digests.after
                        ? "  identical" : "  DIFFERENT: the stored projections had drifted from the log; they now match it")
            }
        case "digest":
            let store = try invocation.readArchive()
            let digest: String
            let counts: [(table: String, rows: Int)]
            do {
                digest = try store.projections.digest()
                counts = try store.projections.counts()
            } catch { throw PipelineError(.runtime, error.description) }
            if invocation.json {
                console.json(
                    [
                        "digest": .string(digest),
                        "tables": .object(Dictionary(uniqueKeysWithValues: counts.map { ($0.table, JSONValue.int(Int64($0.rows))) })),
                    ], as: .projectionsDigest)
            } else {
                console.out(digest)
                for c in counts { console.out("  \(c.table): \(c.rows) rows") }
            }
        case let other:
            throw PipelineError(.usage, "unknown subcommand '\(other)' for `aa projections`; use rebuild or digest")
        }
        return 0
    }
}
