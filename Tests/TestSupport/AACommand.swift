import CanonicalJSON
import Foundation

/// Runs the real `aa` binary (and other programs) the way a user would, capturing output.
public struct AACommand: Sendable {
    /// What a finished process printed and returned.
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String

        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    public static let repository: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    public static let binary: String = ProcessInfo.processInfo.environment["AA_BIN"] ?? repository + "/.build/debug/aa"

    /// Runs `aa` with `arguments` from the repository root; `onStderrLine` sees each line of standard error as it is
    /// printed (a readiness signal: a test acts when aa says it reached a point, not after a guessed pause).
    @discardableResult
    public static func aa(
        _ arguments: [String], environment: [String: String] = [:], directory: String = repository,
        onStderrLine: (@Sendable (String) -> Void)? = nil
    ) -> Result {
        run(binary, arguments, environment: environment, directory: directory, onStderrLine: onStderrLine)
    }

    /// Runs any program; the environment is the test's own plus `environment`.
    public static func run(
        _ program: String, _ arguments: [String], environment: [String: String] = [:], input: String? = nil,
        directory: String = repository, onStderrLine: (@Sendable (String) -> Void)? = nil
    ) -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = Self.environment(environment)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = input.map { _ in Pipe() }
        if let stdin { process.standardInput = stdin }
        do { try process.run() } catch { return Result(status: -1, stdout: "", stderr: "cannot start \(program): \(error)") }
        if let stdin, let input {
            // Written beside the reads: an input larger than the pipe's buffer would otherwise block both sides.
            let writer = stdin.fileHandleForWriting
            Thread.detachNewThread {
                writer.write(Data(input.utf8))
                writer.closeFile()
            }
        }
        // Standard error is read beside standard output (either may fill its pipe), line by line when watched.
        let errReader = ErrorLines(err.fileHandleForReading, onLine: onStderrLine)
        let errThread = Thread { errReader.readToEnd() }
        errThread.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = errReader.waitForEnd()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// The environment every test process gets: the test's own, without anything that would reach a real service,
    /// plus `extra`.
    public static func environment(_ extra: [String: String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["AA_ARCHIVE"] = nil
        // Output as a pipe gets it, whatever the terminal the tests were started from: tests that want colour or a
        // width set them.
        for key in ["NO_COLOR", "CLICOLOR_FORCE", "COLUMNS"] { env[key] = nil }
        // Tests never reach a real service from the developer's environment: no Slack, OpenAI or Google credential
        // leaks in, gcloud's application-default file is not found, and the metadata server is a closed port.
        for key in [
            "SLACK_WEBHOOK_URL", "SLACK_BOT_TOKEN", "OPENAI_API_KEY", "OPENAI_BASE_URL", "AA_AI_MODEL", "AA_AI_TIMEOUT",
            "GOOGLE_APPLICATION_CREDENTIALS", "GOOGLE_CLOUD_PROJECT", "AA_BIGQUERY_ACCESS_TOKEN", "AA_BIGQUERY_ENDPOINT",
            "AA_ARCHIVE_TABLE", "AA_ARCHIVE_LOCATION", "AA_SYNC_BATCH", "DATABRICKS_HOST", "DATABRICKS_TOKEN", "DATABRICKS_CLIENT_ID",
            "DATABRICKS_CLIENT_SECRET", "DATABRICKS_CONFIG_PROFILE",
        ] { env[key] = nil }
        // Nor a Databricks profile of the developer's.
        env["DATABRICKS_CONFIG_FILE"] = NSTemporaryDirectory() + "aa-tests-no-databrickscfg"
        env["CLOUDSDK_CONFIG"] = NSTemporaryDirectory() + "aa-tests-no-gcloud"
        env["GCE_METADATA_HOST"] = "127.0.0.1:9"
        for (k, v) in extra { env[k] = v }
        return env
    }

    /// A new empty folder for one test.
    public static func temporaryFolder() -> String {
        let folder = NSTemporaryDirectory() + "aa-cli-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The sqlite3 shell, as a user would reach for it.
    public static let sqlite3 = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// A Python with the third-party `jsonschema` validator (make test installs one into .peers/).
    public static let python = ProcessInfo.processInfo.environment["AA_PYTHON"] ?? "/usr/bin/env"
    public static let pythonPrefix: [String] = ProcessInfo.processInfo.environment["AA_PYTHON"] == nil ? ["python3"] : []
}

extension JSONValue {
    /// The list of a `--json` list document (`{"schema": "aa.alerts/1", "alerts": [...]}`): its one array member.
    public var items: [JSONValue]? {
        guard case .object(let members) = self else { return nil }
        return members.filter { $0.key != "schema" }.values.compactMap(\.arrayValue).first
    }
}
