import CanonicalJSON
import Context
import EventArchive
import Foundation
import GoogleCloud
import Pipeline

/// `aa archive recover`: a new archive from what survives — the events of a damaged file whose chains still
/// verify (`--from FILE`), or every event of the BigQuery archive table — with projections rebuilt and verified.
enum ArchiveRecovery {
    static let action = ActionSpec(
        name: "recover",
        summary:
            "Write a new archive from a damaged one (every event whose chain still verifies, --from FILE) or from the BigQuery "
            + "archive table; projections rebuilt and the result verified.",
        usage: "aa archive recover [--from DAMAGED] --archive NEW [--json]",
        examples: [
            "aa archive recover --from .aa/archive.sqlite --archive .aa/recovered.sqlite",
            "GOOGLE_CLOUD_PROJECT=my-project aa archive recover --archive .aa/archive.sqlite",
        ])

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let console = invocation.console
        let target = invocation.archivePath
        let from = invocation.arguments.value(.from)
        if FileManager.default.fileExists(atPath: target) {
            throw PipelineError(
                .usage, "\(target) already exists; recover writes a new archive and never into an old one: give --archive a new path")
        }
        var read = 0
        var stopped: String?
        var breaks: [String: String] = [:]
        let imported = try invocation.writing { (store) throws(PipelineError) -> Int in
            if let from {
                let salvage: ArchiveSalvage
                do throws(ArchiveError) { salvage = try ArchiveSalvage.read(from) } catch { throw PipelineError(error) }
                (read, stopped, breaks) = (salvage.read, salvage.stoppedBecause, salvage.breaks)
                do throws(ArchiveError) {
                    return try store.importEvents(salvage.events, confirmedBy: nil, at: invocation.clock.timestamp())
                } catch {
                    throw PipelineError(error)
                }
            }
            let table = try ArchiveTableChoice.table(for: invocation)
            var sync = ArchiveSync(table: table, store: store, clock: invocation.clock, progress: invocation.context.progress)
            sync.batchSize = 5_000
            let report = try sync.pull(monitor: nil, since: nil)
            read = report.read
            return report.imported
        }
        let report: VerificationReport
        do throws(ArchiveError) { report = try ArchiveStore.open(path: target, create: false).verify() } catch {
            throw PipelineError(error)
        }
        let source = from ?? "the BigQuery archive table"
        if invocation.json {
            console.json(
                [
                    "source": .string(source), "archive": .string(target), "read": .int(Int64(read)), "recovered": .int(Int64(imported)),
                    "stopped_because": .optional(stopped), "dropped_from": .object(breaks.mapValues { .string($0) }),
                    "verified": .bool(report.ok),
                ], as: .archiveRecover)
        } else {
            console.out("recovered \(imported) event(s) of the \(read) read from \(source) into \(target)")
            if let stopped { console.out("  reading stopped at a damaged page: \(stopped)") }
            for (origin, event) in breaks.sorted(by: { $0.key < $1.key }) {
                console.out("  origin \(origin): its chain breaks at \(event); that event and the rest of the origin were left out")
            }
            console.out("  verify: " + (report.ok ? "ok" : report.firstProblem ?? report.pullProblem ?? "projections differ"))
            if from != nil { console.out("  `aa sync` uploads what the BigQuery archive table lacks (it keeps each event once)") }
        }
        guard report.ok else {
            console.error(PipelineError(.runtime, "the recovered archive \(target) does not verify; keep both files and run `aa verify`"))
            return 1
        }
        return imported > 0 ? 0 : 1
    }
}
