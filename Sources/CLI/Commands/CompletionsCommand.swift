import Context
import EventArchive
import Foundation
import MonitorEngine
import Pipeline

/// `aa completions bash|zsh|fish`: a shell completion script for every command, its nested commands and options.
enum CompletionsCommand {
    static let spec = CommandSpec(
        name: "completions", summary: "Print a completion script for bash, zsh or fish (commands, nested commands, options).",
        usage: "aa completions bash|zsh|fish | --values monitors|anomalies",
        options: [
            .completionValues
        ],
        examples: [
            "aa completions bash > ~/.local/share/bash-completion/completions/aa",
            "aa completions zsh > \"${fpath[1]}/_aa\"", "aa completions fish > ~/.config/fish/completions/aa.fish",
        ],
        maxPositionals: 1, run: run)

    /// Option names after which a shell completes monitor names, and commands whose first word is an anomaly id.
    static let monitorOptions = [OptionSpec.monitor.name, OptionSpec.monitors.name]
    static let anomalyCommands = ["why", "label"]

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
        if let kind = invocation.arguments.value(.completionValues) { return try values(kind, invocation) }
        let shells = ["bash", "zsh", "fish"]
        guard let shell = invocation.arguments.positionals.first else {
            throw PipelineError(.usage, "`aa completions` needs a shell: bash, zsh or fish")
        }
        let commands = AA.commands
        switch shell {
        case "bash": invocation.console.write(bash(commands))
        case "zsh": invocation.console.write(zsh(commands))
        case "fish": invocation.console.write(fish(commands))
        default:
            throw PipelineError(.usage, "no completions for '\(shell)'\(Suggestion.hint(for: shell, in: shells)); use bash, zsh or fish")
        }
        return 0
    }

    /// The values `kind` names, one per line.
    static func values(_ kind: String, _ invocation: Invocation) throws(PipelineError) -> Int32 {
        switch kind {
        case "monitors":
            for monitor in try invocation.registry().registry.monitors { invocation.console.out(monitor.name) }
        case "anomalies":
            let store = try invocation.readArchive()
            let alerts: [CurrentAlert]
            do { alerts = try store.currentAlerts(since: "0000-01-01", monitor: nil, includeAll: false) } catch {
                throw PipelineError(error)
            }
            for id in alerts.map(\.anomalyId).prefix(200) { invocation.console.out(id) }
        default:
            throw PipelineError(.usage, "--values takes monitors or anomalies, got '\(kind)'")
        }
        return 0
    }

    /// Every option with a fixed few values, and those values (the same name takes the same values everywhere).
    static func choices(_ commands: [CommandSpec]) -> [(name: String, values: [String])] {
        var seen: [String: [String]] = [:]
        for option in commands.flatMap(\.options) + GlobalOptions.all where !option.choices.isEmpty {
            seen[option.name] = option.choices
        }
        return seen.keys.sorted().map { ($0, seen[$0] ?? []) }
    }

    /// Every option a command takes, the global ones included.
    static func options(_ command: CommandSpec) -> [String] { (command.options + GlobalOptions.all).map(\.name) }

    static func bash(_ commands: [CommandSpec]) -> String {
        var cases = ""
        for command in commands {
            let words = (command.actions.map(\.name) + options(command)).joined(separator: " ")
            cases += "        \(command.name)) words=\"\(words)\" ;;\n"
        }
        var values = "        \(monitorOptions.joined(separator: "|"))) words=$(aa completions --values monitors 2>/dev/null) ;;\n"
        for (name, choices) in choices(commands) { values += "        \(name)) words=\"\(choices.joined(separator: " "))\" ;;\n" }
        return """
            # bash completion for aa (aa completions bash)
            _aa() {
                local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} words
                if [ "$COMP_CWORD" -eq 1 ]; then
                    COMPREPLY=($(compgen -W "help \(commands.map(\.name).joined(separator: " "))" -- "$cur"))
                    return
                fi
                case $prev in
            \(values)        *) words="-" ;;
                esac
                if [ "$words" != "-" ]; then
                    COMPREPLY=($(compgen -W "$words" -- "$cur"))
                    return
                fi
                case ${COMP_WORDS[1]} in
            \(cases)        *) words="" ;;
                esac
                case ${COMP_WORDS[1]} in
                    \(anomalyCommands.joined(separator: "|"))) [ "$COMP_CWORD" -eq 2 ] && words="$words $(aa completions --values anomalies 2>/dev/null)" ;;
                esac
                COMPREPLY=($(compgen -W "$words" -- "$cur"))
            }
            complete -o default -F _aa aa

            """
    }

    static func zsh(_ commands: [CommandSpec]) -> String {
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        func described(_ name: String, _ help: String) -> String {
            quoted(name + ":" + help.replacingOccurrences(of: ":", with: "\\:"))
        }
        var cases = ""
        for command in commands {
            let entries =
                command.actions.map { described($0.name, $0.summary) }
                + (command.options + GlobalOptions.all).map { described($0.name, $0.help) }
            cases += "        \(command.name)) entries=(\(entries.joined(separator: " "))) ;;\n"
        }
        let list = commands.map { described($0.name, $0.summary) }.joined(separator: " ")
        let zshChoices = choices(commands).map { "        \($0.name)) compadd -- \($0.values.joined(separator: " ")); return ;;\n" }
            .joined()
        return """
            #compdef aa
            # zsh completion for aa (aa completions zsh)
            _aa() {
                local -a entries
                if (( CURRENT == 2 )); then
                    entries=(\(list))
                    _describe 'command' entries
                    return
                fi
                case $words[CURRENT-1] in
                    \(monitorOptions.joined(separator: "|"))) compadd -- ${(f)"$(aa completions --values monitors 2>/dev/null)"}; return ;;
            \(zshChoices)    esac
                if (( CURRENT == 3 )) && [[ $words[2] == (\(anomalyCommands.joined(separator: "|"))) ]]; then
                    compadd -- ${(f)"$(aa completions --values anomalies 2>/dev/null)"}
                fi
                case $words[2] in
            \(cases)    esac
                _describe 'option' entries
            }
            _aa "$@"

            """
    }

    static func fish(_ commands: [CommandSpec]) -> String {
        func quoted(_ text: String) -> String {
            "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        }
        var lines = ["# fish completion for aa (aa completions fish)", "complete -c aa -f"]
        for command in commands {
            lines.append("complete -c aa -n __fish_use_subcommand -a \(command.name) -d \(quoted(command.summary))")
            let seen = "'__fish_seen_subcommand_from \(command.name)'"
            for action in command.actions {
                lines.append("complete -c aa -n \(seen) -a \(action.name) -d \(quoted(action.summary))")
            }
            for option in command.options + GlobalOptions.all {
                var takes = option.value == nil ? "" : " -r"
                if monitorOptions.contains(option.name) {
                    takes += " -a '(aa completions --values monitors 2>/dev/null)'"
                } else if !option.choices.isEmpty {
                    takes += " -a \(quoted(option.choices.joined(separator: " ")))"
                }
                lines.append("complete -c aa -n \(seen) -l \(option.name.dropFirst(2))\(takes) -d \(quoted(option.help))")
            }
        }
        lines.append(
            "complete -c aa -n '__fish_seen_subcommand_from \(anomalyCommands.joined(separator: " "))' -a "
                + "'(aa completions --values anomalies 2>/dev/null)'")
        return lines.joined(separator: "\n") + "\n"
    }
}
