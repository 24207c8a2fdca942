import Analyst
import Context
import EventArchive
import Foundation
import MonitorEngine
import Pipeline
import Slack

/// Resolves what a command runs against — paths, registry, archive — from its options and the environment.
struct Invocation {
    let arguments: ParsedArguments
    let console: Console
    let clock: WallClock

    var json: Bool { arguments.flag(.json) }
    var quiet: Bool { arguments.accepts(.quiet) && arguments.flag(.quiet) }

    var archivePath: String { arguments.value(.archive) ?? console.environment["AA_ARCHIVE"] ?? ".aa/archive.sqlite" }
    var registryPath: String { arguments.value(.registry) ?? console.environment["AA_REGISTRY"] ?? "queries/monitors.json" }
    var warehousePath: String { arguments.value(.warehouse) ?? console.environment["AA_DEMO_WAREHOUSE"] ?? ".aa/demo-warehouse.sqlite" }

    var context: PipelineContext {
        let console = self.console
        let quiet = self.quiet
        return PipelineContext(
            warehousePath: warehousePath, clock: clock,
            environment: console.environment, progress: { line in if !quiet { console.err(line) } })
    }

    func registry() throws(PipelineError) -> LoadedRegistry { try LoadedRegistry.load(path: registryPath) }

    /// The monitor an option names: one not in the registry is a usage error (exit 2), naming the ones there.
    func monitor(_ name: String, namedBy option: OptionSpec) throws(PipelineError) -> Monitor {
        do { return try registry().monitor(name) } catch {
            throw PipelineError(error.kind == .notFound ? .usage : error.kind, "\(option.name): " + error.message)
        }
    }

    /// Opens the archive for reading; it must exist. With `--source bigquery`, a copy hydrated from the archive table.
    func readArchive() throws(PipelineError) -> ArchiveStore {
        switch (arguments.accepts(.source) ? arguments.value(.source) : nil) ?? "local" {
        case "local": break
        case "bigquery": return try ArchiveTableChoice.hydratedCopy(for: self)
        case let other: throw PipelineError(.usage, "--source is local or bigquery, got '\(other)'")
        }
        do { return try ArchiveStore.open(path: archivePath, create: false) } catch { throw PipelineError(error) }
    }

    /// Runs `body` on the archive holding its write lock, which is taken first and released when `body` returns; the
    /// archive is created if needed unless `create` is false (commands that only add to an archive that must exist).
    func writing<T>(create: Bool = true, _ body: (ArchiveStore) throws(PipelineError) -> T) throws(PipelineError) -> T {
        let (lock, store) = try writeArchive(create: create)
        defer { lock.release() }
        return try body(store)
    }

    /// Takes the archive's write lock, then opens the archive.
    private func writeArchive(create: Bool) throws(PipelineError) -> (ArchiveLock, ArchiveStore) {
        do {
            if !create && !FileManager.default.fileExists(atPath: archivePath) { throw ArchiveError.missing(archivePath) }
            let folder = (archivePath as NSString).deletingLastPathComponent
            var isFolder: ObjCBool = false
            if !folder.isEmpty && FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && !isFolder.boolValue {
                throw ArchiveError(
                    .notWritable, "\(folder) is a file, not a folder, so the archive cannot be created there; choose another --archive path"
                )
            }
            if !folder.isEmpty && !FileManager.default.fileExists(atPath: folder) {
                do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                    throw ArchiveError(
                        .notWritable, "cannot create the archive folder \(folder); check permissions or choose another --archive path")
                }
            }
            if FileManager.default.fileExists(atPath: archivePath) && !FileManager.default.isWritableFile(atPath: archivePath) {
                throw ArchiveError(
                    .notWritable, "the archive \(archivePath) is not writable; check its permissions or choose another --archive path")
            }
            let lock = try ArchiveLock(archivePath: archivePath, wait: try waitSeconds()) { pid in
                console.err("aa: waiting for pid \(pid) to finish writing to \(archivePath)…")
            }
            let store: ArchiveStore
            do { store = try ArchiveStore.open(path: archivePath, create: true) } catch {
                lock.discard()
                throw error
            }
            for step in store.upgrades { console.err("aa: note: upgraded the archive from \(step)") }
            if !store.remadeProjections.isEmpty {
                let names = store.remadeProjections.joined(separator: ", ")
                console.err("aa: note: the archive lacked its read model \(names) (dropped by hand?); made again from the log")
            }
            return (lock, store)
        } catch let error as ArchiveError {
            throw PipelineError(error)
        } catch {
            throw PipelineError(.runtime, "\(error)")
        }
    }

    /// `--wait [SECONDS]`: how long a writer waits for another to finish (an hour when no number is given), or nil.
    func waitSeconds() throws(PipelineError) -> Double? {
        guard arguments.accepts(.wait), let text = arguments.value(.wait) else { return nil }
        if text.isEmpty { return 3600 }
        guard let seconds = Double(text), seconds >= 0, seconds <= 86_400 else {
            throw PipelineError(.usage, "--wait takes seconds from 0 to 86400, got '\(text)'; for example --wait 600")
        }
        return seconds
    }

    /// A date option parsed as a run date (not in the future).
    func runDate(_ option: OptionSpec = .date) throws(PipelineError) -> Day {
        try DayText.runDate(arguments.value(option), today: clock.today, option: option.name)
    }

    /// The event filter that `--monitor`, `--run`, `--type`, `--since` and `--until` describe; a monitor `store`
    /// has never run or an unknown event type is refused (exit 3) rather than answered with an empty list.
    func eventFilter(in store: ArchiveStore) throws(PipelineError) -> EventFilter {
        if let monitor = arguments.value(.monitor) { try requireMonitor(monitor, in: store) }
        if let run = arguments.value(.run) {
            let known: Bool
            do { known = try store.hasRun(id: run) } catch { throw PipelineError(error) }
            guard known else {
                throw PipelineError(
                    .notFound, "no run with id '\(run)' is archived in \(store.path); `aa history --type run.started` lists the runs")
            }
        }
        for type in arguments.list(.eventType) ?? [] where EventType(rawValue: type) == nil {
            let names = EventType.allCases.map(\.rawValue)
            throw PipelineError(
                .notFound,
                "there is no event type '\(type)'\(Suggestion.hint(for: type, in: names)); types are \(names.joined(separator: ", "))")
        }
        var filter = EventFilter(
            monitor: arguments.value(.monitor), runId: arguments.value(.run),
            types: (arguments.list(.eventType) ?? []).compactMap(EventType.init(rawValue:)))
        filter.since = try bound(.since)?.description
        filter.until = try bound(.until)?.description
        return filter
    }

    /// Refuses (exit 3) a `--monitor` that has no run in `store`, suggesting a near name.
    func requireMonitor(_ monitor: String, in store: ArchiveStore) throws(PipelineError) {
        let known: Bool
        do { known = try store.hasRuns(monitor: monitor) } catch { throw PipelineError(error) }
        guard !known else { return }
        let names = (try? registry().registry.monitors.map(\.name)) ?? []
        throw PipelineError(
            .notFound,
            "no run of a monitor named '\(monitor)' is archived in \(store.path)\(Suggestion.hint(for: monitor, in: names)); "
                + "`aa monitors list` shows the registry's monitors")
    }

    /// The one place a pipeline is assembled: `analyst` writes the narrative, `delivery` takes the message, and the
    /// warehouses are the monitors' (`--warehouse` for SQLite ones, BigQuery with this environment's credentials).
    func pipeline(
        _ registry: LoadedRegistry, analyst: any Analyst, delivery: any Delivery, context: PipelineContext? = nil
    ) -> RunPipeline {
        let context = context ?? self.context
        return RunPipeline(
            context: context, registry: registry, analyst: analyst, delivery: delivery,
            warehouses: WarehouseFactory(sqlitePath: context.warehousePath, environment: context.environment))
    }

    /// A pipeline for replays: it never notifies (the reason is archived with the message) and reads no warehouse.
    func replayPipeline(_ registry: LoadedRegistry, analyst: any Analyst, reason: String) -> RunPipeline {
        pipeline(registry, analyst: analyst, delivery: PreviewDelivery(reason: reason, printer: { _ in }))
    }

    /// What a listing reads: `--since` (default 30 days ago), `--monitor` (refused, exit 3, when no run of it is
    /// archived) and the archive.
    func listingScope() throws(PipelineError) -> (since: Day, monitor: String?, store: ArchiveStore) {
        let since = try bound(.since) ?? clock.today.adding(-30)
        let monitor = arguments.value(.monitor)
        let store = try readArchive()
        if let monitor { try requireMonitor(monitor, in: store) }
        return (since, monitor, store)
    }

    /// A date bound such as `--since` (YYYY-MM-DD or Nd).
    func bound(_ option: OptionSpec) throws(PipelineError) -> Day? {
        try DayText.bound(arguments.value(option), today: clock.today, option: option.name)
    }
}
