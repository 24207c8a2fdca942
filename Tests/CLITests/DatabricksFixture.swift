import CanonicalJSON
import Foundation
import TestSupport

/// A Databricks stub (Tests/peers/databricks_stub.py, run with the venv that has databricks-sdk) and the settings a
/// test needs to point `aa databricks` at it.
struct DatabricksFixture {
    let stub: HTTPStub
    static let folder = "/Users/tester@example.com/analytics_automation"

    init(clusters: JSONValue = [:], run: JSONValue? = nil) throws {
        stub = try HTTPStub("databricks_stub.py", startSeconds: 60)
        var control: [String: JSONValue] = ["clusters": clusters]
        if let run { control["next_run"] = run }
        stub.post("/_control", .object(control))
    }

    /// A workspace with the bundle pushed (a small binary built here), as `make push` leaves it.
    static func pushed(clusters: JSONValue, run: JSONValue? = nil) throws -> DatabricksFixture {
        let workspace = try DatabricksFixture(clusters: clusters, run: run)
        let checkout = checkout()
        let push = workspace.aa(
            ["push", "--binary", try elfBinary(), "--workspace-path", folder, "--quiet"], ["AA_ARCHIVE": checkout + "/.aa/archive.sqlite"],
            directory: checkout)
        guard push.status == 0 else { throw SetupError(reason: push.stderr) }
        return workspace
    }

    /// The jobs the workspace holds: job id → settings.
    func jobs() throws -> [String: JSONValue] { try stub.get("/_jobs").objectValue ?? [:] }

    /// Host and token in the environment, git naming no one, a fast poll.
    var environment: [String: String] {
        ["DATABRICKS_HOST": stub.url, "DATABRICKS_TOKEN": "dapi-test", "AA_DATABRICKS_POLL_SECONDS": "0.05", "PATH": "/usr/bin:/bin"]
    }

    /// `aa databricks …` against the stub, with `extra` settings.
    func aa(_ arguments: [String], _ extra: [String: String] = [:], directory: String = AACommand.repository) -> AACommand.Result {
        AACommand.aa(["databricks"] + arguments, environment: environment.merging(extra) { $1 }, directory: directory)
    }

    /// The API requests so far (the stub's own endpoints excluded).
    func requests(_ path: String? = nil) throws -> [JSONValue] {
        try stub.received().filter { path == nil || $0["path"]?.stringValue == path }
    }

    /// Every problem databricks-sdk found in any request body.
    func sdkProblems() throws -> [String] {
        try stub.received().flatMap { request in
            (request["problems"]?.arrayValue ?? []).compactMap { "\(request["path"]?.stringValue ?? ""): \($0.stringValue ?? "")" }
        }
    }

    /// A small C program compiled here: a real ELF executable needing only glibc, `padding` bytes appended.
    static func elfBinary(padding: Int = 0) throws -> String {
        let folder = AACommand.temporaryFolder()
        try "int main(void) { return 0; }\n".write(toFile: folder + "/main.c", atomically: true, encoding: .utf8)
        let compiler =
            ["/usr/bin/cc", "/usr/bin/gcc", "/usr/bin/clang"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/bin/cc"
        let built = AACommand.run(compiler, ["-O1", "-o", folder + "/aa", folder + "/main.c"])
        guard built.status == 0 else { throw SetupError(reason: built.stderr) }
        if padding > 0 {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/aa"))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data((0..<padding).map { UInt8(truncatingIfNeeded: $0 &* 31) }))
            try handle.close()
        }
        return folder + "/aa"
    }

    /// The highest GLIBC_ version `readelf` lists for a binary: what the ELF reader must agree with.
    static func readelfGlibc(_ path: String) -> String? {
        let text = AACommand.run("/usr/bin/readelf", ["-V", "--wide", path]).stdout
        let versions = text.components(separatedBy: "GLIBC_").dropFirst().compactMap { part -> [Int]? in
            let digits = part.prefix { $0.isNumber || $0 == "." }.split(separator: ".").compactMap { Int($0) }
            return digits.count >= 2 ? Array(digits.prefix(2)) : nil
        }
        return versions.max { ($0[0], $0[1]) < ($1[0], $1[1]) }.map { "\($0[0]).\($0[1])" }
    }

    /// A copy of the repository's queries, schemas and notebook: a checkout to push from and pull into.
    static func checkout() -> String {
        let folder = AACommand.temporaryFolder()
        for part in ["queries", "schemas", "databricks"] {
            _ = AACommand.run("/bin/cp", ["-R", AACommand.repository + "/" + part, folder + "/" + part])
        }
        return folder
    }

    /// Preparing the test failed (compiling the binary, pushing the bundle).
    struct SetupError: Error { let reason: String }

    static func sha256(_ path: String) -> String {
        String(AACommand.run("/usr/bin/sha256sum", [path]).stdout.prefix(64))
    }
}
