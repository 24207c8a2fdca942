import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// `aa databricks push|pull|check`: the bundle lands where the notebook expects it, every request body passes
/// databricks-sdk's own definitions, unchanged files are not sent twice, and a binary the runtime cannot start is
/// refused before anything is sent.
@Suite struct DatabricksPushTests {
    static let clusters: JSONValue = [
        "c-154": ["state": "RUNNING", "spark_version": "15.4.x-scala2.12"],
        "c-122": ["state": "RUNNING", "spark_version": "12.2.x-scala2.12"],
    ]

    @Test func pushSendsTheBinaryQueriesSchemasAndNotebookAndSkipsWhatDidNotChange() throws {
        let workspace = try DatabricksFixture(clusters: Self.clusters)
        // Past the 10 MB JSON import limit once base64-encoded, so the binary goes as a multipart form.
        let binary = try DatabricksFixture.elfBinary(padding: 8_000_000)
        let checkout = DatabricksFixture.checkout()
        let args = ["push", "--binary", binary, "--cluster-id", "c-154", "--workspace-path", DatabricksFixture.folder, "--json"]
        let first = workspace.aa(args, ["AA_ARCHIVE": checkout + "/.aa/archive.sqlite"], directory: checkout)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(
            first.stderr.contains(
                "binary needs glibc \(DatabricksFixture.readelfGlibc(binary) ?? "?"); Databricks Runtime 15.4 has 2.35 — compatible"))

        let files = try workspace.stub.get("/_files")
        let root = DatabricksFixture.folder
        #expect(files[root + "/bin/aa"]?["sha256"]?.stringValue == DatabricksFixture.sha256(binary))
        #expect(files[root + "/orchestrator"]?["type"] == "NOTEBOOK")
        #expect(files[root + "/orchestrator"]?["language"] == "PYTHON")
        #expect(files[root + "/orchestrator"]?["sha256"]?.stringValue == DatabricksFixture.sha256(checkout + "/databricks/orchestrator.py"))
        #expect(files[root + "/queries/monitors.json"]?["type"] == "FILE")
        #expect(
            files[root + "/queries/monitors.json"]?["sha256"]?.stringValue == DatabricksFixture.sha256(checkout + "/queries/monitors.json"))
        #expect(files[root + "/schemas/events/anomaly.flagged.schema.json"]?["type"] == "FILE")
        let imports = try workspace.requests("/api/2.0/workspace/import")
        let local = AACommand.run("/usr/bin/find", [checkout + "/queries", checkout + "/schemas", "-type", "f"]).stdout.split(
            separator: "\n"
        ).count
        #expect(imports.count == local + 3) // + the binary, its requirements and the notebook
        #expect(files[root + "/bin/aa.requirements.json"]?["type"] == "FILE")
        let binaryImport = imports.first { $0["body"]?["path"]?.stringValue == root + "/bin/aa" }
        #expect(binaryImport?["content_type"]?.stringValue?.hasPrefix("multipart/form-data") == true)
        #expect(binaryImport?["body"]?["format"] == "RAW")
        #expect(imports.first { $0["body"]?["path"]?.stringValue == root + "/orchestrator" }?["body"]?["format"] == "SOURCE")
        let problems = try workspace.sdkProblems()
        #expect(problems.isEmpty, "\(problems)")
        let reported = try JSONValue.parse(first.stdout)
        let sent = try #require(reported["files"]?.arrayValue)
        #expect(sent.count >= 4)
        #expect(sent.allSatisfy { $0["sent"] == true })

        // Nothing changed: nothing is sent. One query changed: only it is.
        let second = workspace.aa(args, ["AA_ARCHIVE": checkout + "/.aa/archive.sqlite"], directory: checkout)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try workspace.requests("/api/2.0/workspace/import").count == imports.count)
        try "-- edited\n".appendLine(to: checkout + "/queries/revenue_funnel_demo.sql")
        let third = workspace.aa(args, ["AA_ARCHIVE": checkout + "/.aa/archive.sqlite"], directory: checkout)
        #expect(third.status == 0, "\(third.stderr)")
        let after = try workspace.requests("/api/2.0/workspace/import")
        #expect(after.count == imports.count + 1)
        #expect(after.last?["body"]?["path"]?.stringValue == root + "/queries/revenue_funnel_demo.sql")
    }

    @Test func aBinaryNeedingANewerGlibcThanTheRuntimeIsRefusedAndNothingIsSent() throws {
        let workspace = try DatabricksFixture(clusters: Self.clusters)
        let binary = try DatabricksFixture.elfBinary()
        let needed = try #require(DatabricksFixture.readelfGlibc(binary))
        let byCluster = workspace.aa(["push", "--binary", binary, "--cluster-id", "c-122", "--workspace-path", DatabricksFixture.folder])
        let byName = workspace.aa(["push", "--binary", binary, "--runtime", "12.2 LTS", "--workspace-path", DatabricksFixture.folder])
        if GlibcParts(needed) > GlibcParts("2.31") {
            for result in [byCluster, byName] {
                #expect(result.status == 2)
                #expect(
                    result.stderr
                        == "aa: error: refusing to push: \(binary) needs glibc \(needed) but Databricks Runtime 12.2 (Ubuntu 20.04, "
                        + "glibc 2.31) has 2.31; build it on Ubuntu 20.04 or older (for example in the swift:6.3 image of that "
                        + "release), or choose a newer runtime\n"
                )
            }
            #expect(try workspace.requests("/api/2.0/workspace/import").isEmpty)
            #expect(try workspace.requests("/api/2.0/workspace/mkdirs").isEmpty)
        }
        // The debug build links the Swift runtime dynamically: no cluster has it.
        let dynamic = workspace.aa([
            "push", "--binary", AACommand.binary, "--runtime", "15.4", "--workspace-path", DatabricksFixture.folder,
        ])
        #expect(dynamic.status == 2)
        #expect(dynamic.stderr.contains("links the Swift runtime dynamically (libswiftCore.so)"))
        #expect(dynamic.stderr.contains("`make databricks-build`"))
        #expect(try workspace.requests("/api/2.0/workspace/import").isEmpty)
        let missing = workspace.aa(["push", "--binary", "/nonexistent/aa"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("run `make databricks-build` first"))
        let unknownCluster = workspace.aa([
            "push", "--binary", binary, "--cluster-id", "c-gone", "--workspace-path", DatabricksFixture.folder,
        ])
        #expect(unknownCluster.status == 3)
        #expect(unknownCluster.stderr.contains("cluster c-gone does not exist in \(workspace.stub.url)"))
    }

    @Test func checkReadsTheSameGlibcAsReadelfAndComparesWithTheRuntime() throws {
        let binary = try DatabricksFixture.elfBinary()
        let result = AACommand.aa(["databricks", "check", "--binary", binary, "--runtime", "16.4", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONValue.parse(result.stdout)
        #expect(report["glibc"]?.stringValue == DatabricksFixture.readelfGlibc(binary))
        #expect(report["libraries"]?.arrayValue?.contains("libc.so.6") == true)
        #expect(report["runtime"]?["ubuntu"] == "24.04")
        #expect(report["compatible"] == true)
        let notELF = AACommand.aa(["databricks", "check", "--binary", AACommand.repository + "/README.md"])
        #expect(notELF.status == 2)
        #expect(notELF.stderr.contains("is not a 64-bit Linux executable"))
        let badRuntime = AACommand.aa(["databricks", "check", "--binary", binary, "--runtime", "latest"])
        #expect(badRuntime.status == 2)
        #expect(badRuntime.stderr.contains("'latest' is not a Databricks Runtime version"))
    }

    @Test func pullBringsBackWhatDiffersAndLeavesTheRest() throws {
        let workspace = try DatabricksFixture()
        let binary = try DatabricksFixture.elfBinary()
        let checkout = DatabricksFixture.checkout()
        let env = ["AA_ARCHIVE": checkout + "/.aa/archive.sqlite"]
        #expect(
            workspace.aa(["push", "--binary", binary, "--workspace-path", DatabricksFixture.folder], env, directory: checkout).status == 0)
        let original = try String(contentsOfFile: checkout + "/queries/monitors.json", encoding: .utf8)
        try "{}".write(toFile: checkout + "/queries/monitors.json", atomically: true, encoding: .utf8)
        try "# local edit\n".appendLine(to: checkout + "/databricks/orchestrator.py")

        let dry = workspace.aa(["pull", "--dry-run", "--workspace-path", DatabricksFixture.folder], env, directory: checkout)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("would update queries/monitors.json"))
        #expect(dry.stdout.contains("would update databricks/orchestrator.py"))
        #expect(try String(contentsOfFile: checkout + "/queries/monitors.json", encoding: .utf8) == "{}")

        let pull = workspace.aa(["pull", "--workspace-path", DatabricksFixture.folder, "--json"], env, directory: checkout)
        #expect(pull.status == 0, "\(pull.stderr)")
        let changed = try JSONValue.parse(pull.stdout)["files"]?.arrayValue?.filter { $0["changed"] == true }.compactMap {
            $0["path"]?.stringValue
        }.sorted()
        #expect(changed == ["databricks/orchestrator.py", "queries/monitors.json"])
        #expect(try String(contentsOfFile: checkout + "/queries/monitors.json", encoding: .utf8) == original)
        #expect(
            DatabricksFixture.sha256(checkout + "/databricks/orchestrator.py")
                == DatabricksFixture.sha256(AACommand.repository + "/databricks/orchestrator.py"))
        #expect(!FileManager.default.fileExists(atPath: checkout + "/bin/aa"))
        #expect(try workspace.sdkProblems().isEmpty)

        let nothing = workspace.aa(
            ["pull", "--workspace-path", "/Users/nobody@example.com/analytics_automation"], env, directory: checkout)
        #expect(nothing.status == 3)
        #expect(nothing.stderr.contains("push first with `make push`"))
    }

    @Test func aVolumeTakesTheBinaryThroughTheFilesAPIWhileTheNotebookStaysInTheWorkspace() throws {
        let workspace = try DatabricksFixture()
        let binary = try DatabricksFixture.elfBinary()
        let checkout = DatabricksFixture.checkout()
        let volume = "/Volumes/main/tools/artifacts/analytics_automation"
        let result = workspace.aa(
            ["push", "--binary", binary, "--volume", volume, "--workspace-path", DatabricksFixture.folder],
            ["AA_ARCHIVE": checkout + "/.aa/archive.sqlite"], directory: checkout)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "Databricks Runtime 14.3 has 2.35 — compatible (the oldest supported LTS; pass --runtime or --cluster-id to check yours)"))
        let files = try workspace.stub.get("/_files")
        #expect(files[volume + "/bin/aa"]?["sha256"]?.stringValue == DatabricksFixture.sha256(binary))
        #expect(files[volume + "/queries/monitors.json"] != nil)
        #expect(files[DatabricksFixture.folder + "/orchestrator"]?["type"] == "NOTEBOOK")
        #expect(files[DatabricksFixture.folder + "/bin/aa"] == nil)
        #expect(
            try workspace.requests().contains {
                $0["method"] == "PUT" && $0["path"]?.stringValue == "/api/2.0/fs/files" + volume + "/bin/aa"
                    && $0["query"]?["overwrite"] == "true"
            })
        // Pull takes queries and schemas back from the volume, the notebook from the workspace.
        let original = try String(contentsOfFile: checkout + "/queries/monitors.json", encoding: .utf8)
        try "{}".write(toFile: checkout + "/queries/monitors.json", atomically: true, encoding: .utf8)
        let pull = workspace.aa(["pull", "--volume", volume, "--workspace-path", DatabricksFixture.folder, "--json"], directory: checkout)
        #expect(pull.status == 0, "\(pull.stderr)")
        let pulled = try JSONValue.parse(pull.stdout)["files"]?.arrayValue ?? []
        #expect(pulled.filter { $0["changed"] == true }.compactMap { $0["path"]?.stringValue } == ["queries/monitors.json"])
        #expect(pulled.contains { $0["path"] == "databricks/orchestrator.py" })
        #expect(pulled.contains { $0["path"] == "schemas/monitors.schema.json" })
        #expect(try String(contentsOfFile: checkout + "/queries/monitors.json", encoding: .utf8) == original)
        #expect(try workspace.requests().contains { $0["path"]?.stringValue == "/api/2.0/fs/directories" + volume })
        let bad = workspace.aa(
            ["push", "--binary", binary, "--volume", "/tmp/x", "--workspace-path", DatabricksFixture.folder],
            ["AA_ARCHIVE": checkout + "/.aa/archive.sqlite"], directory: checkout)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--volume must be a Unity Catalog volume path"))
    }
}

/// `2.34` as comparable numbers.
struct GlibcParts: Comparable {
    let parts: [Int]
    init(_ text: String) { parts = text.split(separator: ".").compactMap { Int($0) } }
    static func < (a: GlibcParts, b: GlibcParts) -> Bool { a.parts.lexicographicallyPrecedes(b.parts) }
}

extension String {
    /// Appends this text to the file at `path`.
    func appendLine(to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(utf8))
        try handle.close()
    }
}
