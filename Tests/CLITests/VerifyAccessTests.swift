import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// `aa verify` needs no write access and does not wait for writers: its replay runs in a private temporary database
/// with the archive attached read-only, so a read-only archive or one a writer holds still verifies.
@Suite struct VerifyAccessTests {
    let demo = DemoFixture.shared

    @Test func verifyPassesWhileAnotherProcessHoldsAWriteTransaction() throws {
        let copy = demo.copy()
        // Python's sqlite3 takes the write lock and holds it for 30 s (past the archive's 10 s busy timeout).
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: AACommand.python)
        holder.arguments =
            AACommand.pythonPrefix + [
                "-c",
                "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None); c.execute('BEGIN IMMEDIATE'); "
                    + "c.execute(\"INSERT INTO meta(key, value) VALUES ('held', '1')\"); print('held', flush=True); time.sleep(30)",
                copy.archive,
            ]
        let output = Pipe()
        holder.standardOutput = output
        try holder.run()
        defer { holder.terminate() }
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        #expect(line.hasPrefix("held"))
        let started = Date()
        let verify = AACommand.aa(["verify", "--json", "--archive", copy.archive])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(Date().timeIntervalSince(started) < 8)
        let report = try JSONValue.parse(verify.stdout)
        #expect(report["projections_match"] == true)
        #expect(report["ok"] == true)
    }

    @Test func verifyPassesOnAnArchiveThisUserCannotWrite() throws {
        let folder = AACommand.temporaryFolder() + "/read-only"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let archive = folder + "/archive.sqlite"
        // A checkpointed copy: no -wal or -shm beside it, and none can be made in the read-only folder.
        let sqlite = try #require(AACommand.sqlite3)
        #expect(AACommand.run(sqlite, [demo.archive, "VACUUM INTO '\(archive)'"]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: archive))
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: archive)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder) }
        var command = [AACommand.binary, "verify", "--archive", archive]
        // Root ignores file modes: verify as `nobody` then, through folders it may enter.
        if getuid() == 0 {
            let setpriv = try #require(["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) })
            var parent = (folder as NSString).deletingLastPathComponent
            while parent.count > 1 {
                let mode = (try FileManager.default.attributesOfItem(atPath: parent)[.posixPermissions] as? Int) ?? 0
                if mode & 0o001 == 0 { try FileManager.default.setAttributes([.posixPermissions: mode | 0o011], ofItemAtPath: parent) }
                parent = (parent as NSString).deletingLastPathComponent
            }
            command = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"] + command
        }
        let verify = AACommand.run(command[0], Array(command.dropFirst()), directory: "/")
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("projections replay identically: ok"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: archive)) == before)
        #expect(!FileManager.default.fileExists(atPath: archive + "-shm"))
    }
}
