import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// `aa archive recover --from`: a half-truncated archive gives back every event whose chain still verifies — read
/// from the file's pages where SQLite can no longer read its schema — into a new archive that verifies.
@Suite struct ArchiveRecoveryTests {
    let demo = DemoFixture.shared

    @Test func aHalfTruncatedArchiveGivesBackItsVerifiedPrefix() throws {
        let folder = AACommand.temporaryFolder()
        let whole = folder + "/whole.sqlite"
        let sqlite = try #require(AACommand.sqlite3)
        // One file (no -wal beside it), cut in half the way a full disk or a bad copy leaves it.
        #expect(AACommand.run(sqlite, [demo.archive, "VACUUM INTO '\(whole)'"]).status == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: whole))
        let damaged = folder + "/damaged.sqlite"
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: damaged))
        #expect(AACommand.aa(["history", "--archive", damaged]).stderr.contains("is damaged"))

        let target = folder + "/recovered.sqlite"
        let result = AACommand.aa(["archive", "recover", "--from", damaged, "--archive", target, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONValue.parse(result.stdout)
        #expect(report["verified"] == true)
        #expect(report["stopped_because"]?.stringValue?.contains("malformed") == true)
        let original = try DemoFixture.eventHashes(whole)
        let recovered = try DemoFixture.eventHashes(target)
        #expect(report["recovered"] == .int(Int64(recovered.count)))
        #expect(recovered.count > original.count / 4, "only \(recovered.count) of \(original.count)")
        #expect(recovered.count < original.count)
        // Nothing invented: every recovered event is the original's, hash for hash, and they are its first ones.
        #expect(recovered.allSatisfy { original[$0.key] == $0.value })
        let sequences = AACommand.run(sqlite, [target, "SELECT min(sequence), max(sequence), count(*) FROM events"]).stdout
        #expect(sequences.trimmingCharacters(in: .whitespacesAndNewlines) == "1|\(recovered.count)|\(recovered.count)")
        #expect(AACommand.aa(["verify", "--archive", target]).status == 0)
        // The recovered days answer as they did: the first day's report is the same document.
        let first = try #require(
            AACommand.run(sqlite, [target, "SELECT min(run_date) FROM events WHERE type = 'run.completed'"]).stdout
                .split(separator: "\n").first.map(String.init))
        let report1 = ["report", "--monitor", "revenue_funnel_demo", "--date", first, "--json"]
        #expect(AACommand.aa(report1 + ["--archive", target]).stdout == AACommand.aa(report1 + ["--archive", whole]).stdout)

        let again = AACommand.aa(["archive", "recover", "--from", damaged, "--archive", target])
        #expect(again.status == 2 && again.stderr.contains("already exists"))
    }
}
