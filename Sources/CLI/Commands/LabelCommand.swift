import CanonicalJSON
import Context
import EventArchive
import MonitorEngine
import Pipeline

/// `aa label`: feedback on an anomaly, archived as `anomaly.labeled`.
enum LabelCommand {
    static let spec = CommandSpec(
        name: "label",
        summary: "Label an anomaly as a true positive, a false positive or expected; labelled incidents leave later baselines.",
        usage: "aa label <anomaly-id> --as true_positive|false_positive|expected [--note TEXT] [--json]",
        options: [
            .wait,
            .labelAs, .note,
        ],
        examples: ["aa label an_3f2a9c0d1e4b --as true_positive --note \"android release 4.2 broke the form\""],
        maxPositionals: 1, run: run)

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let console = invocation.console
        let given = try Options(invocation)
        let (id, label) = (given.anomalyId, given.label)
        let (event, appended, current) = try invocation.writing(create: false) { (store) throws(PipelineError) in
            let (event, appended) = try Labeling.label(anomalyId: id, as: label, note: given.note, store: store, clock: invocation.clock)
            return (event, appended, try ArchiveReader(store: store).currentRun(monitor: event.monitor, date: event.runDate))
        }
        // A label on a finding the day's current report no longer has is kept, and said to be about the past.
        if let current, current != event.runId {
            console.err(
                "aa: note: \(id) is not in \(event.monitor) \(event.runDate)'s current report (run \(current) replaced run "
                    + "\(event.runId) and no longer flags it); the label stays with the finding as that run flagged it")
        }
        if invocation.json {
            console.json(
                [
                    "event_id": .string(event.eventId), "anomaly_id": .string(id), "label": .string(label), "run_id": .string(event.runId),
                    "appended": .bool(appended),
                ], as: .label)
        } else if !appended {
            console.out("\(id) (\(event.monitor) \(event.runDate)) is already labelled \(label) with that note; nothing appended")
        } else {
            console.out(
                "labelled \(id) (\(event.monitor) \(event.runDate)) as \(label)"
                    + (label == "true_positive" ? "; later baselines of that metric and slice leave \(event.runDate) out" : ""))
        }
        return 0
    }

    /// `aa label`'s options, read once: which alert, which label, and an optional note.
    struct Options {
        let anomalyId: String
        /// `true_positive`, `false_positive` or `expected` (checked when the label is appended).
        let label: String
        let note: String?

        init(_ invocation: Invocation) throws(PipelineError) {
            let args = invocation.arguments
            guard let id = args.positionals.first else {
                throw PipelineError(.usage, "`aa label` needs an anomaly id; list them with `aa alerts`")
            }
            anomalyId = id
            label = try args.required(.labelAs, for: "label")
            note = args.value(.note)
        }
    }
}
