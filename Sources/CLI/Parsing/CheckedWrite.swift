import Context
import Foundation

/// Bytes written where a user asked, every failure seen: a full disk (`/dev/full`), a closed standard output, a
/// folder that is not writable. Foundation's file writers either replace the target by renaming a temporary file
/// over it (wrong for a device) or do not say that a write failed.
enum CheckedWrite {
    /// Writes all of `bytes` to `descriptor`, retrying short writes; the `errno` text of the first failure, or nil.
    static func writeAll(_ bytes: Data, to descriptor: Int32) -> String? {
        var failure: String?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else {
                    failure = String(cString: strerror(n < 0 ? errno : EIO))
                    return
                }
                offset += n
            }
        }
        return failure
    }

    /// Writes `bytes` to the file at `path` (created or truncated), and makes sure they reached it.
    ///
    /// - Throws: ``PipelineError`` (runtime): "cannot write PATH (reason); check that …".
    static func writeAll(_ bytes: Data, toFile path: String) throws(PipelineError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        func fail(_ reason: String) -> PipelineError {
            PipelineError(
                .runtime, "cannot write \(path) (\(reason)); check that its folder exists and is writable, and that the disk has room")
        }
        guard descriptor >= 0 else { throw fail(String(cString: strerror(errno))) }
        if let reason = writeAll(bytes, to: descriptor) {
            close(descriptor)
            throw fail(reason)
        }
        var info = stat()
        let regular = fstat(descriptor, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
        if regular && fsync(descriptor) != 0 {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw fail(reason)
        }
        guard close(descriptor) == 0 else { throw fail(String(cString: strerror(errno))) }
    }
}
