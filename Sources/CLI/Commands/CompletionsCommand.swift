import Context
import Foundation

/// `aa completions bash|zsh|fish`: a shell completion script for every command, its nested commands and options.
enum CompletionsCommand {
    static let spec = CommandSpec(
        name: "completions", summary: "Print a completion script for bash, zsh or fish (commands, nested commands, options).",
        usage: "aa completions bash|zsh|fish", options: [],
        examples: [
            "aa completions bash > ~/.local/share/bash-completion/completions/aa",
            "aa completions zsh > \"${fpath[1]}/_aa\"", "aa completions fish > ~/.config/fish/completions/aa.fish",
        ],
        maxPositionals: 1, run: run)

    static func run(_ invocation: Invocation) throws(PipelineError) -> Int32 {
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

    /// Every option a command takes, the global ones included.
    static func options(_ command: CommandSpec) -> [String] { (command.options + GlobalOptions.all).map(\.name) }

    static func bash(_ commands: [CommandSpec]) -> String {
        var cases = ""
        for command in commands {
            let words = (command.actions.map(\.name) + options(command)).joined(separator: " ")
            cases += "        \(command.name)) words=\"\(words)\" ;;\n"
        }
        return """
            # bash completion for aa (aa completions bash)
            _aa() {
                local cur=${COMP_WORDS[COMP_CWORD]} words
                if [ "$COMP_CWORD" -eq 1 ]; then
                    COMPREPLY=($(compgen -W "help \(commands.map(\.name).joined(separator: " "))" -- "$cur"))
                    return
                fi
                case ${COMP_WORDS[1]} in
            \(cases)        *) words="" ;;
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
                let takes = option.value == nil ? "" : " -r"
                lines.append("complete -c aa -n \(seen) -l \(option.name.dropFirst(2))\(takes) -d \(quoted(option.help))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
