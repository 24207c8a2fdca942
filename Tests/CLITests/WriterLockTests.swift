import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// One writer at a time: a refused writer names the process that holds the archive (the kernel's word for it, not a
/// pid file read too early), `--wait` queues instead of failing, and a refusal leaves no lock file behind.
@Suite(.serialized) struct WriterLockTests {
    let demo = DemoFixture.shared

    /// Starts `aa arguments` without waiting for it.
    func start(_ arguments: [String]) throws -> (process: Process, stderr: Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: AACommand.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: AACommand.repository)
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return (process, stderr)
    }

    @Test func aRefusedRunNamesTheRunThatHoldsTheArchive() throws {
        let copy = demo.copy()
        var refusals = 0
        for _ in 0..<5 {
            let run = [
                "run", "--date", DemoFixture.end, "--monitors", "revenue_funnel_demo", "--no-ai", "--quiet", "--resend", "--archive",
                copy.archive, "--warehouse", copy.warehouse,
            ]
            let pair = [try start(run), try start(run)]
            for side in pair { side.process.waitUntilExit() }
            for (index, side) in pair.enumerated() where side.process.terminationStatus != 0 {
                refusals += 1
                let other = pair[1 - index].process
                let said = String(decoding: side.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                #expect(said.contains("another aa process (pid \(other.processIdentifier)) is writing to"), "\(said)")
                #expect(other.terminationStatus == 0)
            }
        }
        #expect(refusals >= 3, "the pairs did not overlap")
        #expect(AACommand.aa(["verify", "--archive", copy.archive]).status == 0)
    }

    @Test func waitQueuesBehindTheHolderAndGivesUpAfterItsTime() throws {
        let copy = demo.copy()
        let id = try #require(try JSONValue.parse(demo.demoResult.stdout)["incidents"]?.arrayValue?.first?["found_by"]?.stringValue)
        let flock = try #require(["/usr/bin/flock", "/bin/flock"].first { FileManager.default.isExecutableFile(atPath: $0) })
        func hold(_ seconds: String) throws -> Process {
            let holder = Process()
            holder.executableURL = URL(fileURLWithPath: flock)
            let ready = Pipe()
            holder.standardOutput = ready
            holder.arguments = [copy.archive + ".lock", "/bin/sh", "-c", "echo held; exec sleep \(seconds)"]
            try holder.run()
            // A readiness signal, not a guessed pause: flock runs the command only once it holds the lock.
            #expect(String(decoding: ready.fileHandleForReading.availableData, as: UTF8.self) == "held\n")
            return holder
        }
        let short = try hold("2")
        let waited = AACommand.aa(["label", id, "--as", "expected", "--wait", "--archive", copy.archive])
        #expect(waited.status == 0, "\(waited.stderr)")
        #expect(waited.stderr.contains("waiting for pid \(short.processIdentifier) to finish writing"))
        short.waitUntilExit()

        let long = try hold("6")
        defer { long.terminate() }
        let gaveUp = AACommand.aa(["label", id, "--as", "true_positive", "--wait", "1", "--archive", copy.archive])
        #expect(gaveUp.status == 1)
        #expect(gaveUp.stderr.contains("(pid \(long.processIdentifier)) was still writing to"))
        #expect(gaveUp.stderr.contains("after 1 s"))
        #expect(AACommand.aa(["label", id, "--as", "expected", "--wait", "soon", "--archive", copy.archive]).status == 2)
    }

    @Test func aRefusedWriterLeavesNoLockFileBesideWhatItRejected() throws {
        let folder = AACommand.temporaryFolder()
        let notes = folder + "/notes.txt"
        try "not an archive\n".write(toFile: notes, atomically: true, encoding: .utf8)
        let database = folder + "/other.sqlite"
        let sqlite = try #require(AACommand.sqlite3)
        #expect(AACommand.run(sqlite, [database, "CREATE TABLE t(x)"]).status == 0)
        for path in [notes, database] {
            let run = AACommand.aa([
                "run", "--date", DemoFixture.end, "--monitors", "revenue_funnel_demo", "--quiet", "--archive", path, "--warehouse",
                demo.warehouse,
            ])
            #expect(run.status == 2, "\(run.stderr)")
            #expect(run.stderr.contains("not an aa archive"))
            #expect(!FileManager.default.fileExists(atPath: path + ".lock"))
        }
    }

    @Test func aLockPathThatIsNotAPlainFileOfItsOwnIsRefusedAndNothingIsWrittenThroughIt() throws {
        let copy = demo.copy()
        let victim = copy.folder + "/victim.txt"
        let fm = FileManager.default
        let lock = copy.archive + ".lock"
        let makers: [(String, () throws -> Void)] = [
            ("symbolic link", { try fm.createSymbolicLink(atPath: lock, withDestinationPath: victim) }),
            ("folder", { try fm.createDirectory(atPath: lock, withIntermediateDirectories: false) }),
            ("hard link", { try fm.linkItem(atPath: victim, toPath: lock) }),
        ]
        for (kind, make) in makers {
            try "keep me\n".write(toFile: victim, atomically: false, encoding: .utf8)
            try? fm.removeItem(atPath: lock)
            try make()
            let before = try DemoFixture.eventHashes(copy.archive)
            let run = AACommand.aa([
                "run", "--date", DemoFixture.end, "--monitors", "revenue_funnel_demo", "--quiet", "--resend", "--archive", copy.archive,
                "--warehouse", copy.warehouse,
            ])
            #expect(run.status == 1, "\(kind): \(run.stderr)")
            #expect(run.stderr.hasPrefix("aa: error: ") && run.stderr.split(separator: "\n").count == 1, "\(kind): \(run.stderr)")
            #expect(run.stderr.contains("lock file"), "\(kind): \(run.stderr)")
            #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep me\n", "\(kind)")
            #expect(try DemoFixture.eventHashes(copy.archive) == before, "\(kind)")
        }
        try fm.removeItem(atPath: lock)
        let fine = AACommand.aa(["verify", "--archive", copy.archive])
        #expect(fine.status == 0, "\(fine.stderr)")
    }
}
