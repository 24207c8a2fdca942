import CSQLite
import Digest

/// A compiled statement bound to its connection; finalized when released.
public final class SQLiteStatement {
    let handle: OpaquePointer
    let connection: SQLiteConnection

    /// SQLite copies bound text immediately when given this destructor.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(handle: OpaquePointer, connection: SQLiteConnection) {
        self.handle = handle
        self.connection = connection
    }

    deinit { sqlite3_finalize(handle) }

    /// Resets the statement and binds `values` to parameters 1…n.
    public func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() { try bind(value, at: Int32(offset + 1)) }
    }

    /// Binds one value to parameter `index` (1-based).
    public func bind(_ value: SQLiteValue, at index: Int32) throws(SQLiteError) {
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(handle, index)
        case .integer(let i): rc = sqlite3_bind_int64(handle, index, i)
        case .real(let d): rc = sqlite3_bind_double(handle, index, d)
        case .text(let s): rc = sqlite3_bind_text(handle, index, s, -1, Self.transient)
        }
        if rc != SQLITE_OK { throw connection.error(rc) }
    }

    /// Index of the named parameter (`@run_date`), or 0 when the statement has none by that name.
    public func parameterIndex(_ name: String) -> Int32 { sqlite3_bind_parameter_index(handle, name) }

    /// Advances to the next row; false when done.
    public func step() throws(SQLiteError) -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw connection.error(rc)
    }

    /// Feeds the current row's raw column bytes, each tagged with its type, to `hash` without building Strings.
    package func digestRow(into hash: SHA256Stream) {
        for i in 0..<Int32(sqlite3_column_count(handle)) {
            switch sqlite3_column_type(handle, i) {
            case SQLITE_INTEGER:
                var v = sqlite3_column_int64(handle, i).littleEndian
                hash.update(tag: 1, bytes: &v, count: 8)
            case SQLITE_FLOAT:
                var v = sqlite3_column_double(handle, i).bitPattern.littleEndian
                hash.update(tag: 2, bytes: &v, count: 8)
            case SQLITE_NULL:
                hash.update(tag: 0, bytes: nil, count: 0)
            default:
                let pointer = sqlite3_column_blob(handle, i)
                hash.update(tag: 3, bytes: pointer, count: Int(sqlite3_column_bytes(handle, i)))
            }
        }
    }

    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    public func columnName(_ i: Int) -> String { String(cString: sqlite3_column_name(handle, Int32(i))) }

    /// The current row's values.
    public func row() -> [SQLiteValue] { (0..<columnCount).map { value(at: $0) } }

    public func value(at i: Int) -> SQLiteValue {
        let index = Int32(i)
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
        case SQLITE_NULL: return .null
        default: return .text(text(at: i) ?? "")
        }
    }

    public func text(at i: Int) -> String? {
        guard let pointer = sqlite3_column_text(handle, Int32(i)) else { return nil }
        return String(cString: pointer)
    }

    public func int(at i: Int) -> Int64 { sqlite3_column_int64(handle, Int32(i)) }

    public func double(at i: Int) -> Double { sqlite3_column_double(handle, Int32(i)) }

    public func isNull(at i: Int) -> Bool { sqlite3_column_type(handle, Int32(i)) == SQLITE_NULL }
}

extension SQLiteValue {
    /// The text inside, or a rendering of the number.
    public var text: String? {
        switch self {
        case .text(let s): return s
        case .integer(let i): return String(i)
        case .real(let d): return String(d)
        case .null: return nil
        }
    }

    public var int: Int64? {
        switch self {
        case .integer(let i): return i
        case .real(let d): return Int64(d)
        case .text(let s): return Int64(s)
        case .null: return nil
        }
    }

    public var double: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .real(let d): return d
        case .text(let s): return Double(s)
        case .null: return nil
        }
    }
}
