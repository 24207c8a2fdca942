import Foundation
import TestSupport
import Testing

@testable import CLI

/// Each option is declared once (`OptionSpec+Declared.swift`) and everything comes from that declaration: the parse,
/// `--help` and the shell completions; code reads options through it, never by a string a typo would turn into "not given".
@Suite struct OptionDeclarationTests {
    @Test func everyCommandsOptionsParseAndShowInItsHelpAndItsCompletions() throws {
        let fish = CompletionsCommand.fish(AA.commands).split(separator: "\n")
        var checked = 0
        for command in AA.commands {
            let completed = fish.filter { $0.contains("__fish_seen_subcommand_from \(command.name)'") }
            for option in command.options {
                let tokens = option.value == nil ? [option.name] : [option.name, option.choices.first ?? "1"]
                let parsed = try ParsedArguments(tokens, command: command)
                #expect(parsed.given(option), "aa \(command.name) \(option.name)")
                #expect(command.help.contains(option.name), "aa \(command.name) --help lacks \(option.name)")
                #expect(
                    completed.contains { $0.contains(" -l \(option.name.dropFirst(2)) ") },
                    "no completion of \(option.name) for \(command.name)")
                checked += 1
            }
        }
        #expect(checked > 100)
    }

    /// The sources of the CLI module, by file name.
    static func sources() throws -> [String: String] {
        let folder = AACommand.repository + "/Sources/CLI"
        let files = try #require(FileManager.default.enumerator(atPath: folder)?.allObjects as? [String])
        var texts: [String: String] = [:]
        for file in files where file.hasSuffix(".swift") {
            texts[file] = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
        }
        return texts
    }

    @Test func noCodeReadsAnOptionByItsName() throws {
        let reads = /\b(value|flag|required|list|runDate|bound)\("--[a-z-]+"\)|refuseTogether\("--|integer\(args, "--/
        let sources = try Self.sources()
        #expect(sources.count > 40)
        let offenders = sources.filter { $0.value.contains(reads) }.keys.sorted()
        #expect(offenders.isEmpty, "options read by a string in \(offenders)")
    }

    @Test func everyOptionIsDeclaredOnceInOnePlace() throws {
        let declaration = /(flag|value|optionalNumber)\(\s*"(--[a-z-]+)"/
        var declared: [String: [String]] = [:]
        for (file, text) in try Self.sources() {
            for match in text.matches(of: declaration) { declared[String(match.2), default: []].append(file) }
        }
        #expect(declared.count > 50)
        let twice = declared.filter { $0.value.count > 1 }
        #expect(twice.isEmpty, "declared more than once: \(twice)")
        let elsewhere = declared.filter { !$0.value.allSatisfy { $0.hasPrefix("Parsing/OptionSpec") } }
        #expect(elsewhere.isEmpty, "declared outside OptionSpec: \(elsewhere)")
    }
}
