import Context
import EventArchive
import Foundation
import MonitorEngine
import Pipeline

/// Picks the subcommand, handles `--help` and `--version`, and turns errors into exit codes.
enum Dispatcher {
    static func main(_ arguments: [String], commands: [CommandSpec], console: Console) -> Int32 {
        guard let first = arguments.first, first != "--help", first != "-h", first != "help" else {
            if arguments.count >= 2, let command = commands.first(where: { $0.name == arguments[1] }) {
                console.out(command.help)
            } else {
                console.out(overview(commands))
            }
            return 0
        }
        if first == "--version" || first == "version" {
            console.out("aa \(PipelineContext.codeVersion)")
            return 0
        }
        guard let command = commands.first(where: { $0.name == first }) else {
            console.error(PipelineError(.usage, "unknown command '\(first)'; run `aa --help` to list commands"))
            return 2
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            console.out(command.help)
            return 0
        }
        do {
            let parsed = try ParsedArguments(rest, command: command)
            return try command.run(parsed, console)
        } catch {
            console.error(error)
            switch error.kind {
            case .usage, .config: return 2
            case .notFound: return 3
            case .runtime: return 1
            }
        }
    }

    static func overview(_ commands: [CommandSpec]) -> String {
        var lines = [
            "aa — registry-driven daily metric monitoring with an auditable, event-sourced report archive.", "",
            "Usage: aa <command> [options]", "", "Commands:",
        ]
        let width = commands.map(\.name.count).max() ?? 0
        for c in commands { lines.append("  " + c.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + c.summary) }
        lines += [
            "", "Start here:", "  aa demo                 build the demo warehouse and archive 60 days of runs",
            "  aa alerts               what fired", "  aa why <anomaly-id>     why it fired, from the archive", "",
            "Environment: AA_ARCHIVE, AA_REGISTRY, AA_DEMO_WAREHOUSE, SLACK_WEBHOOK_URL, OPENAI_API_KEY, GOOGLE_CLOUD_PROJECT, "
                + "DATABRICKS_HOST.",
            "Run `aa <command> --help` for a command's options and examples.",
        ]
        return lines.joined(separator: "\n")
    }
}
