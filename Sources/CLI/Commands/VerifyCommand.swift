import CanonicalJSON
import Context
import EventArchive
import MonitorEngine
import Pipeline

/// `aa verify`: re-check the hash chain, sequences, guards and projections.
enum VerifyCommand {
    static let spec = CommandSpec(
        name: "verify",
        summary:
            "Re-check the archive: hash chain, sequence continuity, that every pull rebuilds to the rows it archived, "
            + "append-only guards, and that projections replay identically.",
        usage: "aa verify [--json]", options: [], examples: ["aa verify", "aa verify --archive /tmp/demo.sqlite --json"], run: run)

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let console = invocation.console
        let store = try invocation.readArchive()
        let report: VerificationReportView
        do { report = VerificationReportView(try store.verify()) } catch { throw PipelineError(error) }
        if invocation.json {
            console.json(report.json, as: .verify)
        } else {
            console.out("\(store.path): \(report.report.events) events from \(report.report.origins) origin(s)")
            console.out("  hash chain and sequences: " + (report.report.firstProblem == nil ? "ok" : "BROKEN"))
            console.out(
                "  pulls rebuild to the rows they archived: "
                    + (report.report.pullProblem == nil ? "ok (\(report.report.pullsRebuilt) pulls)" : "NO"))
            console.out(
                "  append-only guards: " + (report.report.guardsPresent ? "ok" : "MISSING (the events table's triggers were dropped)"))
            console.out(
                "  projections replay identically: "
                    + (report.report.projectionsMatch ? "ok (\(report.report.storedProjectionDigest.prefix(16)))" : "NO"))
        }
        guard report.report.ok else {
            let reason =
                report.report.firstProblem ?? report.report.pullProblem
                ?? (report.report.guardsPresent
                    ? "the projections differ from a replay of the log; run `aa projections rebuild`"
                    : "the append-only triggers are missing")
            console.error(PipelineError(.runtime, "verification failed: \(reason)"))
            return 1
        }
        return 0
    }
}

/// JSON view of a verification report.
struct VerificationReportView {
    let report: VerificationReport
    init(_ report: VerificationReport) { self.report = report }

    var json: JSONValue {
        [
            "ok": .bool(report.ok), "events": .int(Int64(report.events)), "origins": .int(Int64(report.origins)),
            "pulls_rebuilt": .int(Int64(report.pullsRebuilt)), "pull_problem": .optional(report.pullProblem),
            "first_problem": report.firstProblem.map { .string($0) } ?? .null,
            "first_bad_event_id": report.firstBadEventId.map { .string($0) } ?? .null,
            "guards_present": .bool(report.guardsPresent), "projections_match": .bool(report.projectionsMatch),
            "projection_digest": .string(report.storedProjectionDigest), "replayed_digest": .string(report.replayedProjectionDigest),
        ]
    }
}
