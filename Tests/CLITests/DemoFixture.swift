import TestSupport
import Foundation

/// One demo archive and warehouse built by `aa demo`, shared read-only by the CLI tests; tests that write copy it first.
struct DemoFixture: Sendable {
    let folder: String
    let archive: String
    let warehouse: String
    let demoResult: AACommand.Result
    /// The demo's last day: fixed, so runs are reproducible whatever today is.
    static let end = "2026-06-30"

    static let shared: DemoFixture = {
        let folder = AACommand.temporaryFolder()
        let archive = folder + "/archive.sqlite"
        let warehouse = folder + "/warehouse.sqlite"
        let result = AACommand.aa(["demo", "--end", end, "--history", "60", "--quiet", "--json", "--archive", archive, "--warehouse", warehouse])
        return DemoFixture(folder: folder, archive: archive, warehouse: warehouse, demoResult: result)
    }()

    /// A private copy of the archive and warehouse for a test that writes.
    func copy() -> (archive: String, warehouse: String, folder: String) {
        let folder = AACommand.temporaryFolder()
        for (from, to) in [(archive, folder + "/archive.sqlite"), (warehouse, folder + "/warehouse.sqlite")] {
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: from + suffix) {
                try? FileManager.default.copyItem(atPath: from + suffix, toPath: to + suffix)
            }
        }
        return (folder + "/archive.sqlite", folder + "/warehouse.sqlite", folder)
    }

    /// `--archive … --warehouse …` for this fixture.
    var paths: [String] { ["--archive", archive, "--warehouse", warehouse] }
}
