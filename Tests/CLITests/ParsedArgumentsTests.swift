import Testing

@testable import CLI
@testable import Context

/// The option parser on its own: values, flags, positionals and the sentences it refuses with.
@Suite struct ParsedArgumentsTests {
    static let command = CommandSpec(
        name: "probe", summary: "s", usage: "u",
        options: [.since.explained("h"), .all.explained("h"), .data.explained("h")],
        examples: [], maxPositionals: 2, run: { _ in 0 })

    static func parse(_ tokens: [String]) -> Result<ParsedArguments, PipelineError> {
        do throws(PipelineError) { return .success(try ParsedArguments(tokens, command: command)) } catch { return .failure(error) }
    }

    static func message(_ tokens: [String]) -> String? {
        if case .failure(let error) = parse(tokens) { return error.message }
        return nil
    }

    @Test func valuesFlagsAndPositionalsAreSeparated() throws {
        let parsed = try Self.parse(["a", "--since", "7d", "--all", "--data=-", "b"]).get()
        #expect(parsed.value(.since) == "7d")
        #expect(parsed.value(.data) == "-")
        #expect(parsed.flag(.all))
        #expect(!parsed.flag(.json))
        #expect(parsed.positionals == ["a", "b"])
    }

    @Test func aDashIsAValueAndADoubleDashEndsTheOptions() throws {
        let parsed = try Self.parse(["--data", "-", "--", "--all"]).get()
        #expect(parsed.value(.data) == "-")
        #expect(!parsed.flag(.all))
        #expect(parsed.positionals == ["--all"])
    }

    @Test func globalOptionsAreAccepted() throws {
        let parsed = try Self.parse(["--archive", "x.sqlite", "--json"]).get()
        #expect(parsed.value(.archive) == "x.sqlite")
        #expect(parsed.flag(.json))
    }

    @Test func refusalsNameTheOptionAndTheFix() {
        #expect(Self.message(["--since"]) == "--since needs a value (D); see `aa probe --help`")
        #expect(Self.message(["--since", "--all"]) == "--since needs a value (D); see `aa probe --help`")
        #expect(Self.message(["--all=yes"]) == "--all takes no value")
        #expect(Self.message(["--sine", "1d"]) == "unknown option --sine for `aa probe` (did you mean --since?); see `aa probe --help`")
        #expect(Self.message(["--data=a", "--data", "b"]) == "--data was given twice (a and b); give it once")
        #expect(Self.message(["a", "b", "c"]) == "unexpected argument 'c' for `aa probe`; see `aa probe --help`")
    }

    @Test func refuseTogetherNamesBothOptions() throws {
        let parsed = try Self.parse(["--all", "--since", "1d"]).get()
        #expect(throws: PipelineError.self) { try parsed.refuseTogether(.all, .since) }
        #expect(throws: Never.self) { try parsed.refuseTogether(.all, .data) }
    }

    @Test func suggestionsAreNearButNotFar() {
        #expect(Suggestion.nearest(to: "alrts", in: ["alerts", "label"]) == "alerts")
        #expect(Suggestion.nearest(to: "narr", in: ["narratives", "run"]) == "narratives")
        #expect(Suggestion.nearest(to: "tcsh", in: ["bash", "zsh", "fish"]) == nil)
        #expect(Suggestion.distance("kitten", "sitting") == 3)
        #expect(Suggestion.distance("", "abc") == 3)
    }
}
