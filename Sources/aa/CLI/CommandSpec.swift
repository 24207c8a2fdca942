import Context
import EventArchive
import Foundation
import MonitorEngine
import Pipeline

/// A subcommand: its help text, options, and what it does.
struct CommandSpec: Sendable {
    let name: String
    let summary: String
    let usage: String
    let options: [OptionSpec]
    let examples: [String]
    var maxPositionals = 0
    let run: @Sendable (ParsedArguments, Console) throws(PipelineError) -> Int32

    /// `aa NAME --help`.
    var help: String {
        var lines = ["\(summary)", "", "Usage: \(usage)", "", "Options:"]
        let all = options + GlobalOptions.all
        let width = all.map { $0.name.count + ($0.value.map { $0.count + 1 } ?? 0) }.max() ?? 0
        for option in all {
            let head = option.name + (option.value.map { " " + $0 } ?? "")
            lines.append("  " + head.padding(toLength: width + 2, withPad: " ", startingAt: 0) + option.help)
        }
        if !examples.isEmpty {
            lines += ["", "Examples:"] + examples.map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }
}
