import CanonicalJSON
import Context
import EventArchive
import Foundation
import GoogleCloud
import MonitorEngine
import Pipeline
import Site
import Slack

/// `aa site`: the static HTML report site, built from the archive.
enum SiteCommand {
    static let spec = CommandSpec(
        name: "site",
        summary: "Write the HTML report site: day reports with charts, alert chains, narratives.",
        usage: "aa site [--out DIR] [--monitor M] [--since D] [--end D] [--publish URL] [--json]",
        options: [
            .out,
            .monitor,
            .since.explained("first run date shown (YYYY-MM-DD or Nd; default 90d)"),
            .end.explained("last run date shown (default today)"),
            .publish,
            .profile.taking("NAME").explained("the ~/.databrickscfg profile for a dbfs: destination"),
            .quiet,
        ],
        examples: [
            "aa site", "aa site --out /tmp/reports --since 30d", "aa site --publish gs://acme-reports/aa",
            "aa site --publish dbfs:/Volumes/main/analytics/reports/aa --json",
        ], run: run)

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
        let published = try given.publish.map { (target) throws(PipelineError) in
            let destination = try destination(target, invocation)
            progress("publishing to \(destination.label)")
            return (destination.label, try SitePublication.publish(files, to: destination, progress: progress))
        }
        let index = URL(fileURLWithPath: given.out).appendingPathComponent(SitePaths.index).standardizedFileURL
        if invocation.json {
            invocation.console.json(
                [
                    "folder": .string(given.out), "index": .string(index.path), "files": .int(Int64(files.count)),
                    "written": .strings(outcome.written), "unchanged": .int(Int64(outcome.unchanged)), "removed": .strings(outcome.removed),
                    "published": published.map { label, result in
                        [
                            "destination": .string(label), "uploaded": .strings(result.uploaded),
                            "unchanged": .int(Int64(result.unchanged)),
                        ]
                    } ?? .null,
                ], as: .site)
        } else {
            invocation.console.out(
                "site: \(files.count) files in \(given.out) (\(outcome.written.count) written, \(outcome.unchanged) unchanged"
                    + "\(outcome.removed.isEmpty ? "" : ", \(outcome.removed.count) removed"))")
            if let (label, result) = published {
                invocation.console.out("published to \(label): \(result.uploaded.count) uploaded, \(result.unchanged) unchanged")
                // The local folder was only the staging copy (a scratch folder on a job cluster): point at the
                // published site, where there is an address for it.
                if let link = try ReportLink(environment: invocation.console.environment) {
                    invocation.console.out("open \(link.base)\(SitePaths.index)")
                }
            } else {
                invocation.console.out("open \(index.absoluteString)")
            }
        }
        return 0
    }

    /// The client for a publish target, with the credentials `aa` already uses for BigQuery or Databricks.
    static func destination(_ target: PublishTarget, _ invocation: Invocation) throws(PipelineError) -> any SiteDestination {
        switch target {
        case .cloudStorage(let bucket, let prefix):
            return CloudStorageDestination(
                client: try CloudStorageClient(environment: invocation.console.environment), bucket: bucket, prefix: prefix)
        case .volume(let folder):
            return VolumeDestination(client: try DatabricksCommand.client(invocation), folder: folder)
        }
    }

    /// `aa site`'s options, read once.
    struct Options {
        let out: String
        let monitor: String?
        let since: Day
        let end: Day
        let publish: PublishTarget?

        init(_ invocation: Invocation) throws(PipelineError) {
            out =
                invocation.arguments.value(.out)
                ?? ((invocation.archivePath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("site")
            monitor = invocation.arguments.value(.monitor)
            end = try invocation.bound(.end) ?? invocation.clock.today
            since = try invocation.bound(.since) ?? end.adding(-90)
            publish = try invocation.arguments.value(.publish).map { (text) throws(PipelineError) in try PublishTarget(text) }
            if since > end { throw PipelineError(.usage, "--since \(since) is after --end \(end); give an earlier --since") }
            try SiteWriter(folder: out).checkFolder() // before any page is built
        }
    }
}
