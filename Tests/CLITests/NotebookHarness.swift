import CanonicalJSON
import Foundation
import TestSupport

/// Runs `databricks/orchestrator.py` as Run All would, in plain Python (Tests/peers/notebook_harness.py) with a
/// stub `dbutils`, over a bundle folder laid out as `make push` leaves it: bin/aa, queries/, schemas/.
struct NotebookHarness {
    let folder = AACommand.temporaryFolder()

    /// The stand-in binary (Tests/peers/fake_aa.py) logs its calls here.
    var log: String { folder + "/calls.jsonl" }

    /// `binary` nil: the stand-in that records its calls; else that executable (the real `aa`).
    init(binary: String? = nil) throws {
        for part in ["queries", "schemas"] { _ = AACommand.run("/bin/cp", ["-R", AACommand.repository + "/" + part, folder + "/" + part]) }
        try FileManager.default.createDirectory(atPath: folder + "/bin", withIntermediateDirectories: true)
        if let binary {
            try FileManager.default.copyItem(atPath: binary, toPath: folder + "/bin/aa")
        } else {
            let python = ProcessInfo.processInfo.environment["AA_PYTHON"] ?? "/usr/bin/python3"
            let fake = try String(contentsOfFile: AACommand.repository + "/Tests/peers/fake_aa.py", encoding: .utf8)
            try ("#!\(python)\n" + fake).write(toFile: folder + "/bin/aa", atomically: true, encoding: .utf8)
        }
    }

    /// Runs the notebook with these widget values and secret scopes; its report (widgets, printed, exit_value, error).
    func runAll(widgets: JSONValue, secrets: JSONValue = [:], environment: [String: String] = [:]) throws -> JSONValue {
        var all = widgets.objectValue ?? [:]
        all["bundle"] = .string(folder)
        let config: JSONValue = ["widgets": .object(all), "secrets": secrets]
        let result = AACommand.run(
            AACommand.python,
            AACommand.pythonPrefix + [
                AACommand.repository + "/Tests/peers/notebook_harness.py",
                AACommand.repository + "/databricks/orchestrator.py", config.canonicalString,
            ],
            environment: environment.merging(["FAKE_AA_LOG": log]) { $1 })
        guard result.status == 0 else { throw HarnessError(reason: result.stderr) }
        return try JSONValue.parse(result.stdout)
    }

    /// What the stand-in binary was called with, in order.
    func calls() -> [JSONValue] {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { try? JSONValue.parse(String($0)) }
    }

    /// The harness itself failed (not the notebook).
    struct HarnessError: Error { let reason: String }
}
