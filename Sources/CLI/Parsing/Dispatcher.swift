import Context
import EventArchive
import Foundation
import MonitorEngine
import Pipeline

/// Picks the subcommand, handles `--help` and `--version`, and turns errors into exit codes.
enum Dispatcher {
    static func main(_ arguments: [String], commands: [CommandSpec], console: Console, clock: WallClock) -> Int32 {
        guard let first = arguments.first else {
            console.error(PipelineError(.usage, "no command given; run `aa --help` to list commands, or `aa demo` to start"))
            return 2
        }
        if first == "--help" || first == "-h" || first == "help" {
            return help(Array(arguments.dropFirst()), commands: commands, console: console)
        }
        if first == "--version" || first == "-V" || first == "version" {
            console.out("aa \(PipelineContext.codeVersion)")
            return 0
        }
        guard let command = commands.first(where: { $0.name == first }) else {
            let hint = Suggestion.hint(for: first, in: commands.map(\.name))
            console.error(PipelineError(.usage, "unknown command '\(first)'\(hint); run `aa --help` to list commands"))
            return 2
        }
        let rest = Array(arguments.dropFirst())
        let options = rest.prefix { $0 != "--" }
        if options.contains("--help") || options.contains("-h") {
            let action = rest.first.flatMap { name in command.actions.first { $0.name == name } }
            console.out(action.map(command.help(for:)) ?? command.help)
            return 0
        }
        do throws(PipelineError) {
            let parsed = try ParsedArguments(rest, command: command)
            console.wide = parsed.flag(.wide)
            let invocation = Invocation(arguments: parsed, console: console, clock: clock)
            _ = try invocation.waitSeconds() // a bad --wait is refused before the command does anything
            let status = try command.run(invocation)
            if let reason = console.outputFailure() {
                throw PipelineError(
                    .runtime, "cannot write to standard output (\(reason)); check where it is redirected and that the disk has room")
            }
            return status
        } catch {
            console.error(error)
            switch error.kind {
            case .usage, .config: return 2
            case .notFound: return 3
            case .runtime: return 1
            }
        }
    }

    /// `aa help [COMMAND [ACTION]]`.
    static func help(_ path: [String], commands: [CommandSpec], console: Console) -> Int32 {
        guard let name = path.first else {
            console.out(overview(commands))
            return 0
        }
        guard let command = commands.first(where: { $0.name == name }) else {
            let hint = Suggestion.hint(for: name, in: commands.map(\.name))
            console.error(PipelineError(.usage, "no command '\(name)' to explain\(hint); run `aa --help` to list commands"))
            return 2
        }
        guard path.count > 1 else {
            console.out(command.help)
            return 0
        }
        guard let action = command.actions.first(where: { $0.name == path[1] }) else {
            let names = command.actions.map(\.name)
            let known = names.isEmpty ? "it has none" : "it has " + names.joined(separator: ", ")
            console.error(PipelineError(.usage, "`aa \(name)` has no command '\(path[1])' (\(known))"))
            return 2
        }
        console.out(command.help(for: action))
        return 0
    }

    static func overview(_ commands: [CommandSpec]) -> String {
        var lines = HelpText.wrap("aa — registry-driven daily metric monitoring with an auditable, event-sourced report archive.")
        lines += ["", "Usage: aa <command> [options]", "", "Commands:"]
        lines += HelpText.list(commands.map { ($0.name, $0.summary) })
        lines += ["", "Start here:"]
        lines += HelpText.list([
            ("aa demo", "build the demo warehouse and archive 60 days of runs"), ("aa alerts", "what fired"),
            ("aa why <anomaly-id>", "why it fired, from the archive"),
        ])
        lines += [""]
        lines += HelpText.wrap("Words: " + Vocabulary.glossary)
        lines += [""]
        lines += HelpText.wrap(
            "Environment: AA_ARCHIVE, AA_REGISTRY, AA_DEMO_WAREHOUSE, SLACK_WEBHOOK_URL, OPENAI_API_KEY, GOOGLE_CLOUD_PROJECT, "
                + "DATABRICKS_HOST.")
        lines.append("Run `aa <command> --help` for a command's options and examples.")
        return lines.joined(separator: "\n")
    }
}
