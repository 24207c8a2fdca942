import Context
import EventArchive
import Foundation
import MonitorEngine
import Pipeline

/// A command line split into options, flags and positionals, checked against the command's ``OptionSpec``s.
struct ParsedArguments {
    private(set) var values: [String: String] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String] = []
    /// The names of the options the command accepts: reading any other is a mistake in aa, not in the command line.
    private let accepted: Set<String>

    /// Parses `tokens` for `command`, refusing unknown options, missing values and a single-value option given twice;
    /// `--` ends the options (what follows is positional even if it starts with `--`), and `-` is a value.
    init(_ tokens: [String], command: CommandSpec) throws(PipelineError) {
        let specs = command.options + GlobalOptions.all
        accepted = Set(specs.map(\.name))
        var i = 0
        var optionsEnded = false
        while i < tokens.count {
            let token = tokens[i]
            i += 1
            if token == "--" && !optionsEnded {
                optionsEnded = true
                continue
            }
            guard !optionsEnded, token.hasPrefix("--"), token.count > 2 else {
                positionals.append(token)
                continue
            }
            var name = token
            var inline: String?
            if let eq = token.firstIndex(of: "=") {
                name = String(token[..<eq])
                inline = String(token[token.index(after: eq)...])
            }
            guard let spec = specs.first(where: { $0.name == name }) else {
                let hint = Suggestion.hint(for: name, in: specs.map(\.name))
                throw PipelineError(.usage, "unknown option \(name) for `aa \(command.name)`\(hint); see `aa \(command.name) --help`")
            }
            if spec.value == nil {
                guard inline == nil else { throw PipelineError(.usage, "\(name) takes no value") }
                flags.insert(name)
                continue
            }
            let value: String
            if let inline {
                value = inline
            } else if spec.optionalValue {
                let next = i < tokens.count ? Double(tokens[i]) : nil
                value = next == nil ? "" : tokens[i]
                if next != nil { i += 1 }
            } else {
                guard i < tokens.count, !tokens[i].hasPrefix("--") else {
                    throw PipelineError(.usage, "\(name) needs a value (\(spec.value ?? "")); see `aa \(command.name) --help`")
                }
                value = tokens[i]
                i += 1
            }
            if let earlier = values[name] {
                throw PipelineError(.usage, "\(name) was given twice (\(earlier) and \(value)); give it once")
            }
            values[name] = value
        }
        if positionals.count > command.maxPositionals {
            throw PipelineError(
                .usage,
                "unexpected argument '\(positionals[command.maxPositionals])' for `aa \(command.name)`; see `aa \(command.name) --help`")
        }
    }

    /// Refuses two options that cannot be used together, naming both.
    func refuseTogether(_ a: OptionSpec, _ b: OptionSpec) throws(PipelineError) {
        guard given(a) && given(b) else { return }
        throw PipelineError(.usage, "\(a.name) and \(b.name) cannot be used together; choose one")
    }

    /// Whether the command accepts the option: what serves every command (`--quiet`, `--source`, `--wait`) asks first.
    func accepts(_ option: OptionSpec) -> Bool { accepted.contains(option.name) }

    /// Whether the option was given (with a value or as a flag).
    func given(_ option: OptionSpec) -> Bool { value(option) != nil || flags.contains(checked(option).name) }

    /// The option's value, if it was given.
    func value(_ option: OptionSpec) -> String? { values[checked(option).name] }

    /// Whether the flag was given.
    func flag(_ option: OptionSpec) -> Bool {
        assert(option.value == nil, "\(option.name) takes a value: read it with value(_:)")
        return flags.contains(checked(option).name)
    }

    /// The value of a required option, or a usage error naming it.
    func required(_ option: OptionSpec, for command: String) throws(PipelineError) -> String {
        guard let value = value(option) else {
            throw PipelineError(.usage, "`aa \(command)` needs \(option.name); see `aa \(command) --help`")
        }
        return value
    }

    /// A whole-number option within `range`, or `value` when it is not given.
    func integer(_ option: OptionSpec, default value: Int, range: ClosedRange<Int>) throws(PipelineError) -> Int {
        guard let text = self.value(option) else { return value }
        guard let n = Int(text), range.contains(n) else {
            throw PipelineError(
                .usage, "\(option.name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
        }
        return n
    }

    /// A comma-separated list option.
    func list(_ option: OptionSpec) -> [String]? {
        value(option).map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }

    /// `option`, which the command must declare: a read of an option it does not accept could never be given.
    private func checked(_ option: OptionSpec) -> OptionSpec {
        assert(accepted.contains(option.name), "\(option.name) is read but not among the command's options")
        return option
    }
}
