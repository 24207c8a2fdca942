import SQLite

/// Why the archive cannot do what was asked, phrased so the user knows what to do next.
public struct ArchiveError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure, for callers that branch on it.
    public struct Code: Sendable, Equatable, Hashable, CustomStringConvertible {
        private enum Kind: String {
            case missing, notAnArchive, newerFormat, notWritable, locked, appendRefused, corrupt, tampered, storage, notFound
        }
        private let kind: Kind
        public static var missing: Code { Code(kind: .missing) }
        public static var notAnArchive: Code { Code(kind: .notAnArchive) }
        public static var newerFormat: Code { Code(kind: .newerFormat) }
        public static var notWritable: Code { Code(kind: .notWritable) }
        public static var locked: Code { Code(kind: .locked) }
        public static var appendRefused: Code { Code(kind: .appendRefused) }
        public static var corrupt: Code { Code(kind: .corrupt) }
        /// The archive's append-only guards are gone: someone may have edited it.
        public static var tampered: Code { Code(kind: .tampered) }
        public static var storage: Code { Code(kind: .storage) }
        public static var notFound: Code { Code(kind: .notFound) }
        public var description: String { kind.rawValue }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// No archive at `path`, for a command that reads or appends to an existing one.
    public static func missing(_ path: String) -> ArchiveError {
        ArchiveError(
            .missing, "no archive at \(path); run `aa demo` or `aa run` first, or point --archive (or AA_ARCHIVE) at an existing archive")
    }

    /// `error` as an archive error: itself when it is one, a storage failure of `path` otherwise.
    static func storage(_ error: any Error, _ path: String) -> ArchiveError {
        if let error = error as? ArchiveError { return error }
        if let error = error as? SQLiteError { return storage(error, path) }
        return ArchiveError(.storage, "reading \(path) failed: \(error)")
    }

    static func storage(_ error: SQLiteError, _ path: String) -> ArchiveError {
        if error.isNotADatabase {
            return ArchiveError(
                .notAnArchive, "\(path) is not an aa archive (not a SQLite database); point --archive at an archive or a new path")
        }
        if error.code & 0xFF == 11 {
            return ArchiveError(
                .corrupt,
                "the archive \(path) is damaged (SQLite: \(error.message)); keep the file and write a new one with "
                    + "`aa archive recover --from \(path) --archive NEW_FILE` (every event that still verifies), or without --from "
                    + "from the BigQuery archive table")
        }
        if error.code & 0xFF == 13 {
            return ArchiveError(.storage, "the disk holding the archive \(path) is full (nothing of this write was kept); free space")
        }
        if error.isBusy { return ArchiveError(.locked, "the archive \(path) is busy in another process; wait for it to finish and retry") }
        if error.code & 0xFF == 8 {
            return ArchiveError(.notWritable, "the archive \(path) is read-only; check its permissions or choose another --archive path")
        }
        return ArchiveError(.storage, "the archive \(path) failed: \(error.message)")
    }
}
