import CanonicalJSON
import Context
import GoogleCloud
import Pipeline

/// `aa archive init`: create (or check) the BigQuery archive table and its audit views.
enum ArchiveCommand {
    static let spec = CommandSpec(
        name: "archive",
        summary:
            "Create the BigQuery archive dataset, table (partitioned by day, clustered by monitor and type) and audit views if "
            + "missing; check an existing table's schema.",
        usage: "aa archive init [--json]",
        options: [],
        examples: [
            "GOOGLE_CLOUD_PROJECT=my-project aa archive init", "AA_ARCHIVE_TABLE=audit.aa_events AA_ARCHIVE_LOCATION=EU aa archive init",
        ],
        maxPositionals: 1, run: run)

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let args = invocation.arguments
        let console = invocation.console
        guard args.positionals.first == "init" else {
            throw PipelineError(.usage, "`aa archive` knows only `init`; see `aa archive --help`")
        }
        let done = try ArchiveTableChoice.table(for: invocation).initialize()
        if invocation.json {
            console.json(.array(done.map { .string($0) }), as: .archiveInit)
        } else {
            for line in done { console.out(line) }
        }
        return 0
    }
}
