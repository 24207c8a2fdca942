import Foundation

/// An exclusive advisory lock beside the archive file, held for a whole run so two runs never interleave.
public final class ArchiveLock {
    private let descriptor: Int32
    public let path: String

    /// Takes the lock or throws at once, naming the process that holds it.
    public init(archivePath: String) throws(ArchiveError) {
        path = archivePath + ".lock"
        descriptor = open(path, O_RDWR | O_CREAT, 0o644)
        guard descriptor >= 0 else {
            throw ArchiveError(
                .notWritable, "cannot create the lock file \(path) (\(String(cString: strerror(errno)))); check that its folder is writable"
            )
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            var buffer = [UInt8](repeating: 0, count: 32)
            let n = pread(descriptor, &buffer, 31, 0)
            let holder = n > 0 ? String(decoding: buffer.prefix(n), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "?"
            close(descriptor)
            throw ArchiveError(
                .locked, "another aa process (pid \(holder)) is writing to \(archivePath); wait for it to finish, then retry")
        }
        ftruncate(descriptor, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    private var held = true

    /// Releases the lock; later calls (and the deinitialiser) do nothing.
    public func release() {
        guard held else { return }
        held = false
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    deinit { release() }
}
