import CanonicalJSON
import Context
import GoogleCloud
import Pipeline

/// `aa archive init`: create (or check) the BigQuery archive table and its audit views; `aa archive recover`: a new
/// archive from a damaged one or from that table (``ArchiveRecovery``).
enum ArchiveCommand {
    static let spec = CommandSpec(
        name: "archive",
        summary:
            "Create the BigQuery archive dataset, table (partitioned by day, clustered by monitor and type) and audit views if "
            + "missing; check an existing table's schema.",
        usage: "aa archive init|recover [--json]",
        options: [
            .wait, .from.taking("FILE").explained("with recover: the damaged archive to salvage (default: the BigQuery archive table)"),
        ],
        examples: [
            "GOOGLE_CLOUD_PROJECT=my-project aa archive init", "AA_ARCHIVE_TABLE=audit.aa_events AA_ARCHIVE_LOCATION=EU aa archive init",
        ],
        maxPositionals: 1,
        actions: [
            ActionSpec(
                name: "init", summary: "Create or check the BigQuery archive dataset, table and audit views.",
                usage: "aa archive init [--json]", examples: ["GOOGLE_CLOUD_PROJECT=my-project aa archive init"]),
            ArchiveRecovery.action,
        ], run: run)

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let args = invocation.arguments
        let console = invocation.console
        if args.positionals.first == "recover" { return try ArchiveRecovery.run(invocation) }
        guard args.positionals.first == "init" else {
            throw PipelineError(.usage, "`aa archive` knows `init` and `recover`; see `aa archive --help`")
        }
        if args.value(.from) != nil { throw PipelineError(.usage, "--from goes with `aa archive recover`, not `init`") }
        let done = try ArchiveTableChoice.table(for: invocation).initialize()
        if invocation.json {
            console.json(.array(done.map { .string($0) }), as: .archiveInit)
        } else {
            for line in done { console.out(line) }
        }
        return 0
    }
}
