import CanonicalJSON
import Context
import EventArchive
import GoogleCloud
import MonitorEngine
import Pipeline

/// `aa sync`: upload pending events to the BigQuery archive table, show what is pending, or hydrate from it.
enum SyncCommand {
    static let spec = CommandSpec(
        name: "sync",
        summary:
            "Upload pending events to the BigQuery archive table (an outbox: nothing counts until BigQuery confirmed it), show what is "
            + "pending, or hydrate this archive from the table.",
        usage: "aa sync [--status] [--pull [--monitor M [--window [--date D]]] [--since D]] [--json]",
        options: [
            .wait,
            .status,
            .pull,
            .monitor.explained("with --pull: only origins that wrote events of this monitor"),
            .since.explained("with --pull: only origins that wrote events on or after D"),
            .window,
            .date.explained("with --window: the run date the window ends on (default yesterday)"),
            .quiet,
        ],
        examples: [
            "aa sync", "aa sync --status", "aa sync --pull --since 90d", "aa sync --pull --monitor revenue_funnel --window",
            "AA_ARCHIVE_TABLE=audit.aa_events aa sync",
        ],
        run: run)

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let console = invocation.console
        let given = try Options(invocation)
        if case .status = given.action {
            let store = try invocation.readArchive()
            let status: (pending: Int, confirmed: Int, jobs: [JSONValue])
            do { status = try store.uploadStatus() } catch { throw PipelineError(error) }
            if invocation.json {
                console.json(
                    [
                        "pending": .int(Int64(status.pending)), "confirmed": .int(Int64(status.confirmed)), "jobs": .array(status.jobs),
                    ], as: .syncStatus)
            } else {
                console.out("\(status.pending) event(s) pending upload, \(status.confirmed) confirmed by the archive table")
                for job in status.jobs {
                    console.out(
                        "  \(Format.json(job["at"]))  \(Format.json(job["job_id"]))  \(Format.json(job["events"])) event(s)  "
                            + "\(Format.json(job["state"]))"
                            + (job["detail"] == .null ? "" : " — \(Format.json(job["detail"]))"))
                }
            }
            return 0
        }
        let table = try ArchiveTableChoice.table(for: invocation)
        return try invocation.writing { (store) throws(PipelineError) in try sync(store, table: table, given, invocation) }
    }

    /// Pushes pending events to the archive table, or with `--pull` hydrates the archive from it, holding the write lock.
    static func sync(_ store: ArchiveStore, table: ArchiveTable, _ given: Options, _ invocation: Invocation) throws(PipelineError)
        -> Int32
    {
        let console = invocation.console
        var sync = ArchiveSync(table: table, store: store, clock: invocation.clock, progress: invocation.context.progress)
        if let size = console.environment["AA_SYNC_BATCH"] {
            guard let events = Int(size), (1...50_000).contains(events) else {
                throw PipelineError(.config, "AA_SYNC_BATCH must be a number of events from 1 to 50000, got '\(size)'")
            }
            sync.batchSize = events
        }
        if case .pull(let monitor, let since) = given.action {
            let report = try sync.pull(monitor: monitor, since: since?.description)
            if invocation.json {
                console.json(
                    [
                        "imported": .int(Int64(report.imported)), "read": .int(Int64(report.read)), "bytes": .int(Int64(report.bytes)),
                        "table": .string(table.qualifiedName), "verified": true,
                    ], as: .syncPull)
            } else {
                console.out(
                    "imported \(report.imported) event(s) from \(table.qualifiedName) into \(store.path) (\(report.read) read, "
                        + "\(Format.bytes(Int64(report.bytes))) of payloads); every imported chain and pull verified")
            }
            return 0
        }
        let report = try sync.push()
        if invocation.json {
            console.json(
                [
                    "uploaded": .int(Int64(report.uploaded)), "jobs": .array(report.jobs.map { .string($0) }),
                    "failure": report.failure.map { .string($0) } ?? .null, "table": .string(table.qualifiedName),
                ], as: .syncPush)
        } else {
            console.out("uploaded \(report.uploaded) event(s) to \(table.qualifiedName) in \(report.jobs.count) load job(s)")
        }
        if let failure = report.failure {
            console.error(PipelineError(.runtime, "\(failure); the events stay pending and the next `aa sync` or `aa run` uploads them"))
            return 1
        }
        return 0
    }

    /// The first day `--pull` reads: `--since`, or with `--window` what the monitor's run for `--date` needs.
    static func since(_ invocation: Invocation) throws(PipelineError) -> Day? {
        let args = invocation.arguments
        guard args.flag(.window) else { return try invocation.bound(.since) }
        try args.refuseTogether(.window, .since)
        guard let name = args.value(.monitor) else {
            throw PipelineError(.usage, "--window reads what one monitor's run needs; name it with --monitor")
        }
        return HydrationWindow.since(try invocation.monitor(name, namedBy: .monitor), runDate: try invocation.runDate())
    }

    /// `aa sync`'s options, read once: push (the default), `--status`, or `--pull` with its filters.
    struct Options {
        enum Action {
            case push
            case status
            case pull(monitor: String?, since: Day?)
        }

        let action: Action

        init(_ invocation: Invocation) throws(PipelineError) {
            let args = invocation.arguments
            try args.refuseTogether(.status, .pull)
            if args.flag(.status) {
                action = .status
            } else if args.flag(.pull) {
                action = .pull(monitor: args.value(.monitor), since: try SyncCommand.since(invocation))
            } else {
                if args.flag(.window) { throw PipelineError(.usage, "--window goes with --pull; see `aa sync --help`") }
                action = .push
            }
        }
    }
}
