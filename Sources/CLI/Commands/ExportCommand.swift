import Context
import EventArchive
import Foundation
import MonitorEngine
import Pipeline

/// `aa export`: NDJSON in the BigQuery archive row format.
enum ExportCommand {
    static let spec = CommandSpec(
        name: "export", summary: "Write archived events as NDJSON in the BigQuery archive row format (schemas/bigquery/events.json).",
        usage: "aa export [--output FILE] [--monitor M] [--run RUN] [--since D] [--until D] [--type T]",
        options: [
            .output,
            .monitor,
            .run.explained("only events of this run"),
            .since.explained("only run dates on or after D (YYYY-MM-DD or Nd)"),
            .until.explained("only run dates on or before D"),
            .eventType,
        ],
        examples: ["aa export > events.ndjson", "aa export --monitor revenue_funnel_demo --since 30d --output recent.ndjson"],
        run: run)

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        let console = invocation.console
        // `-` (or none) is standard output.
        let output = invocation.arguments.value(.output).flatMap { $0 == "-" ? nil : $0 }
        let store = try invocation.readArchive()
        let filter = try invocation.eventFilter(in: store)
        var text = ""
        let count: Int
        do { count = try store.exportNDJSON(filter) { text += $0 } } catch { throw PipelineError(error) }
        if let output {
            try CheckedWrite.writeAll(Data(text.utf8), toFile: output)
            console.err("wrote \(count) events to \(output)")
        } else {
            console.raw(text)
        }
        return 0
    }
}
