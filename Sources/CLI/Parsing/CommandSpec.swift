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
    /// Nested commands (the first positional), each with its own help.
    var actions: [ActionSpec] = []
    let run: @Sendable (Invocation) throws(PipelineError) -> Int32

    /// `aa NAME --help`.
    var help: String { help(summary: summary, usage: usage, examples: examples) }

    /// `aa help NAME ACTION`: the nested command's summary, usage and examples with the command's options.
    func help(for action: ActionSpec) -> String {
        help(summary: action.summary, usage: action.usage, examples: action.examples.isEmpty ? examples : action.examples)
    }

    private func help(summary: String, usage: String, examples: [String]) -> String {
        var lines = HelpText.wrap(summary) + [""]
        // A usage line may hold several forms (one per line): each wraps under its own start.
        for (index, form) in usage.split(separator: "\n").enumerated() {
            let text = form.trimmingCharacters(in: .whitespaces)
            lines += HelpText.wrap(text, lead: index == 0 ? "Usage: " : "       ")
        }
        lines += ["", "Options:"]
        lines += HelpText.list((options + GlobalOptions.all).map { ($0.name + ($0.value.map { " " + $0 } ?? ""), $0.help) })
        if !actions.isEmpty && usage == self.usage {
            lines += ["", "Commands (`aa help \(name) <command>` for one):"]
            lines += HelpText.list(actions.map { ($0.name, $0.summary) })
        }
        if !examples.isEmpty {
            lines += ["", "Examples:"] + examples.map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }
}
