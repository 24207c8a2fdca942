import Foundation
import TestSupport
import Testing

/// An archive on a disk that fills up, or on a read-only filesystem: one sentence saying which, no reference to a run
/// that was never archived, and an archive that still verifies and reads. The disks are small tmpfs mounts, so these
/// tests need root to mount them.
@Suite struct FilesystemLimitTests {
    let demo = DemoFixture.shared

    /// A tmpfs of `bytes` mounted on a new folder; unmounted by the caller's `defer`.
    func mount(bytes: Int) throws -> String {
        let mountPoint = AACommand.temporaryFolder() + "/disk"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mount = AACommand.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(bytes)", "tmpfs", mountPoint])
        try #require(mount.status == 0, "mount: \(mount.stderr)")
        return mountPoint
    }

    @Test(.enabled(if: getuid() == 0, "mounting a small tmpfs needs root"))
    func aRunOnAFullDiskSaysSoAndNamesNoRunThatWasNotArchived() throws {
        let sqlite = try #require(AACommand.sqlite3)
        let size = (try FileManager.default.attributesOfItem(atPath: demo.archive)[.size] as? Int) ?? 0
        // Room for the archive and a few pages more: the run's first commit does not fit.
        let mountPoint = try mount(bytes: size + 48 * 1024)
        defer { _ = AACommand.run("/bin/umount", [mountPoint]) }
        let archive = mountPoint + "/archive.sqlite"
        #expect(AACommand.run(sqlite, [demo.archive, "VACUUM INTO '\(archive)'"]).status == 0)

        let run = AACommand.aa([
            "run", "--date", "2026-05-23", "--monitors", "revenue_funnel_demo", "--quiet", "--resend", "--archive", archive,
            "--warehouse", demo.warehouse,
        ])
        #expect(run.status == 1)
        #expect(run.stderr.contains("is full"), "\(run.stderr)")
        #expect(run.stderr.contains("nothing of the run was archived"))
        #expect(!run.stderr.contains("aa history --run"))
        let verify = AACommand.aa(["verify", "--archive", archive])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let events = AACommand.run(sqlite, [archive, "SELECT count(*) FROM events"]).stdout
        let original = AACommand.run(sqlite, [demo.archive, "SELECT count(*) FROM events"]).stdout
        #expect(events == original)
    }

    @Test(.enabled(if: getuid() == 0, "mounting a tmpfs needs root"))
    func aReadOnlyFilesystemIsReadAndWritersAreToldWhy() throws {
        let mountPoint = try mount(bytes: 32 << 20)
        defer { _ = AACommand.run("/bin/umount", [mountPoint]) }
        let archive = mountPoint + "/archive.sqlite"
        let sqlite = try #require(AACommand.sqlite3)
        #expect(AACommand.run(sqlite, [demo.archive, "VACUUM INTO '\(archive)'"]).status == 0)
        #expect(AACommand.run("/bin/mount", ["-o", "remount,ro", mountPoint]).status == 0)
        #expect(AACommand.aa(["verify", "--archive", archive]).status == 0)
        let run = ["run", "--date", "2026-05-23", "--monitors", "revenue_funnel_demo", "--quiet", "--warehouse", demo.warehouse]
        let existing = AACommand.aa(run + ["--archive", archive])
        #expect(existing.status == 1)
        #expect(
            existing.stderr == "aa: error: the archive \(archive) is not writable; check its permissions or choose another --archive path\n"
        )
        let new = AACommand.aa(run + ["--archive", mountPoint + "/new/archive.sqlite"])
        #expect(new.status == 1)
        #expect(new.stderr.contains("cannot create the archive folder \(mountPoint)/new"), "\(new.stderr)")
    }
}
