import Foundation

/// Reads a whole input that a user names (a registry, standard input) with every failure seen and a size bound, so
/// a closed standard input is an error sentence rather than a trap, and `/dev/zero` is not read forever.
enum BoundedRead {
    /// What went wrong: the `errno` text, or that the input passed `limit` bytes.
    struct Failure: Error {
        let reason: String
    }

    /// Everything `descriptor` holds up to its end, or a failure.
    static func all(_ descriptor: Int32, limit: Int) -> Result<Data, Failure> {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = read(descriptor, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { return .failure(Failure(reason: String(cString: strerror(errno)))) }
            if n == 0 { return .success(data) }
            data.append(contentsOf: buffer[..<n])
            guard data.count <= limit else { return .failure(Failure(reason: "it is larger than \(limit / 1_000_000) MB")) }
        }
    }

    /// The regular file (or pipe, as `<(…)` gives) at `path`, or a failure (a folder, a device, missing, unreadable,
    /// too large).
    static func file(_ path: String, limit: Int) -> Result<Data, Failure> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(Failure(reason: String(cString: strerror(errno)))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(Failure(reason: String(cString: strerror(errno)))) }
        guard info.st_mode & S_IFMT == S_IFREG || info.st_mode & S_IFMT == S_IFIFO else {
            return .failure(Failure(reason: "it is not a regular file"))
        }
        return all(descriptor, limit: limit)
    }
}
