/// A failure reported by SQLite, with its result code and message.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    public let code: Int32
    public let message: String

    public var description: String { "SQLite error \(code): \(message)" }

    /// SQLITE_BUSY / SQLITE_LOCKED: another connection holds the database.
    public var isBusy: Bool { code & 0xFF == 5 || code & 0xFF == 6 }
    /// SQLITE_READONLY / SQLITE_CANTOPEN: the file (or the WAL index beside it) cannot be written or made.
    public var cannotWriteIndex: Bool { code & 0xFF == 8 || code & 0xFF == 14 }
    /// SQLITE_NOTADB: the file is not a SQLite database.
    public var isNotADatabase: Bool { code & 0xFF == 26 }
    /// SQLITE_CONSTRAINT_TRIGGER: a trigger's `RAISE(ABORT, …)` refused the statement.
    public var isRaisedByTrigger: Bool { code == 19 | (7 << 8) }
}
