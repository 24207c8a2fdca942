import Foundation

/// An exclusive lock beside the archive file (`FILE.lock`), held for a whole command so two writers never interleave.
///
/// A refusal names the holder as the kernel sees it (`/proc/locks`), so it is right even when the holder has only
/// just taken the lock and not yet written its pid into the file (which is kept for people, and read where there is
/// no `/proc`).
public final class ArchiveLock {
    private let descriptor: Int32
    public let path: String
    /// Whether this lock made the lock file (it did not exist before): ``discard()`` then removes it.
    public let created: Bool

    /// Takes the lock, or waits for it up to `wait` seconds, or throws naming the process that holds it.
    ///
    /// - Parameters:
    ///   - wait: how long to wait for another writer; nil refuses at once.
    ///   - waiting: told once, with the holder's pid, when the lock is busy and this waits.
    public init(archivePath: String, wait: Double? = nil, waiting: (Int32) -> Void = { _ in }) throws(ArchiveError) {
        path = archivePath + ".lock"
        created = !FileManager.default.fileExists(atPath: path)
        // Never through a symlink, never onto a device or a folder: the lock file is truncated and written below.
        descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let reason = errno == ELOOP ? "it is a symbolic link" : String(cString: strerror(errno))
            throw ArchiveError(
                .notWritable,
                "cannot use the lock file \(path) (\(reason)); remove it if no aa is running, and check that its folder is writable"
            )
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_nlink == 1 else {
            close(descriptor)
            throw ArchiveError(
                .notWritable,
                "the lock file \(path) is not a plain file of its own (a folder, a device or a hard link); remove it if no aa is running")
        }
        let deadline = Date().addingTimeInterval(wait ?? 0)
        var told = false
        while !Self.lock(descriptor) {
            let holder = Self.holder(descriptor)
            guard wait != nil, Date() < deadline else {
                close(descriptor)
                let pid = holder.map { "pid \($0)" } ?? "a process that has just finished"
                throw ArchiveError(
                    .locked,
                    wait == nil
                        ? "another aa process (\(pid)) is writing to \(archivePath); wait for it to finish, or retry with --wait"
                        : "another aa process (\(pid)) was still writing to \(archivePath) after \(Int(wait ?? 0)) s; retry later "
                            + "or give a longer --wait")
            }
            if !told, let holder {
                waiting(holder)
                told = true
            }
            usleep(200_000)
        }
        ftruncate(descriptor, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    private static func lock(_ descriptor: Int32) -> Bool { flock(descriptor, LOCK_EX | LOCK_NB) == 0 }

    /// The pid of the process holding the lock on `descriptor`'s file, or nil when none does any more.
    private static func holder(_ descriptor: Int32) -> Int32? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        if let table = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) {
            // `1: FLOCK  ADVISORY  WRITE 26621 fe:00:16465941 0 EOF`; waiting requests are the `->` lines.
            for line in table.split(separator: "\n") where !line.contains("->") {
                let fields = line.split(separator: " ")
                guard fields.count > 5, fields[1] == "FLOCK", fields[5].split(separator: ":").last == "\(info.st_ino)" else { continue }
                return Int32(fields[4])
            }
            return nil
        }
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = pread(descriptor, &buffer, 31, 0)
        return n > 0 ? Int32(String(decoding: buffer.prefix(n), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) : nil
    }

    private var held = true

    /// Releases the lock; later calls (and the deinitialiser) do nothing.
    public func release() {
        guard held else { return }
        held = false
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// Releases the lock and removes the lock file if this lock made it: for a command refused before it wrote, so
    /// no `FILE.lock` is left beside a file it rejected.
    public func discard() {
        if held && created { unlink(path) }
        release()
    }

    deinit { release() }
}
