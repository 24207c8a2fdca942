import EventArchive
import MonitorEngine

/// One option a command accepts, for parsing and for `--help`.
struct OptionSpec: Sendable {
    let name: String
    /// Placeholder for the value (`D`, `FILE`); nil for a flag.
    private(set) var value: String?
    private(set) var help: String
    /// The value may be left out (`--wait` or `--wait 600`): a following number is taken, anything else is not.
    var optionalValue = false
    /// The values it takes, when they are a fixed few: what a shell completes after it.
    var choices: [String] = []

    static func flag(_ name: String, _ help: String) -> OptionSpec { OptionSpec(name: name, value: nil, help: help) }
    static func value(_ name: String, _ placeholder: String, _ help: String, choices: [String] = []) -> OptionSpec {
        OptionSpec(name: name, value: placeholder, help: help, choices: choices)
    }
    /// An option whose numeric value may be left out; it then reads as the empty string.
    static func optionalNumber(_ name: String, _ placeholder: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, value: placeholder, help: help, optionalValue: true)
    }

    /// The same option, described as one command means it.
    func explained(_ text: String) -> OptionSpec {
        var spec = self
        spec.help = text
        return spec
    }

    /// The same option taking a value shown as `placeholder` (`--from FILE` where a file is meant, not a day).
    func taking(_ placeholder: String) -> OptionSpec {
        var spec = self
        spec.value = placeholder
        return spec
    }

    /// `--wait [SECONDS]`, for the commands that write to the archive (a reader never waits: it reads beside a writer).
    static let wait = optionalNumber(
        "--wait", "[SECONDS]", "when another aa is writing to the archive, wait for it (default an hour) instead of refusing")

    /// `--source local|bigquery`, for the commands that can answer from the BigQuery archive table.
    static let source = value(
        "--source", "S", "local (default) or bigquery: answer from the BigQuery archive table (hydrated into a temporary copy)",
        choices: ["local", "bigquery"])
}

/// Options every command accepts.
enum GlobalOptions {
    static let all: [OptionSpec] = [
        .archive,
        .registry,
        .warehouse,
        .json,
        .wide,
        .showHelp,
    ]
}
