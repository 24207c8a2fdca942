import CanonicalJSON
import Context
import EventArchive
import Foundation
import MonitorEngine
import Pipeline
import Site

/// `aa site`: the static HTML report site, built from the archive.
enum SiteCommand {
    static let spec = CommandSpec(
        name: "site",
        summary: "Write the static HTML report site (index, day reports with charts, alert chains, narratives, rebuild diffs).",
        usage: "aa site [--out DIR] [--monitor M] [--since D] [--end D] [--json]",
        options: [
            .value("--out", "DIR", "folder to write (default: site/ beside the archive); only changed files are rewritten"),
            .value("--monitor", "M", "only this monitor"),
            .value("--since", "D", "first run date shown (YYYY-MM-DD or Nd; default 90d)"),
            .value("--end", "D", "last run date shown (default today)"),
            .flag("--quiet", "no progress lines"),
        ],
        examples: ["aa site", "aa site --out /tmp/reports --since 30d", "aa site --monitor revenue_funnel_demo --json"], run: run)

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let given = try Options(invocation)
        let store = try invocation.readArchive()
        if let monitor = given.monitor { try invocation.requireMonitor(monitor, in: store) }
        let progress = invocation.context.progress
        let builder = SiteBuilder(
            reader: ArchiveReader(store: store),
            options: SiteOptions(since: given.since.description, end: given.end.description, monitor: given.monitor),
            progress: { _ in })
        progress("building the report site from \(store.path)")
        let files = try builder.build()
        let outcome = try SiteWriter(folder: given.out).write(files)
        let index = URL(fileURLWithPath: given.out).appendingPathComponent(SitePaths.index).standardizedFileURL
        if invocation.json {
            invocation.console.json(
                [
                    "folder": .string(given.out), "index": .string(index.path), "files": .int(Int64(files.count)),
                    "written": .strings(outcome.written), "unchanged": .int(Int64(outcome.unchanged)), "removed": .strings(outcome.removed),
                ], as: .site)
        } else {
            invocation.console.out(
                "site: \(files.count) files in \(given.out) (\(outcome.written.count) written, \(outcome.unchanged) unchanged"
                    + "\(outcome.removed.isEmpty ? "" : ", \(outcome.removed.count) removed"))")
            invocation.console.out("open \(index.absoluteString)")
        }
        return 0
    }

    /// `aa site`'s options, read once.
    struct Options {
        let out: String
        let monitor: String?
        let since: Day
        let end: Day

        init(_ invocation: Invocation) throws(PipelineError) {
            out =
                invocation.arguments.value("--out")
                ?? ((invocation.archivePath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("site")
            monitor = invocation.arguments.value("--monitor")
            end = try invocation.bound("--end") ?? invocation.clock.today
            since = try invocation.bound("--since") ?? end.adding(-90)
            if since > end { throw PipelineError(.usage, "--since \(since) is after --end \(end); give an earlier --since") }
        }
    }
}
