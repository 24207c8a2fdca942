import CanonicalJSON

/// A typed event payload: one type per event type (the three `message.*` types share one), each defined here beside
/// its JSON Schema in `schemas/events/`, with the one encoding (``json``) and decoding (``init(json:)``) of its keys.
///
/// ```swift
/// let labeled = try event.decode(AnomalyLabeled.self)
/// print(labeled.label, labeled.note ?? "")
/// ```
public protocol EventPayload: Sendable {
    /// The event types whose payload this is.
    static var eventTypes: Set<EventType> { get }
    /// Decodes a payload, refusing a missing key or a value of the wrong type.
    init(json: JSONValue) throws(PayloadError)
    /// The payload as archived.
    var json: JSONValue { get }
}

/// A payload that serves exactly one event type (all but the three `message.*` types, which share one).
public protocol SingleEventPayload: EventPayload {
    /// The event type whose payload this is.
    static var eventType: EventType { get }
}

extension SingleEventPayload {
    public static var eventTypes: Set<EventType> { [eventType] }
}

/// A payload that does not have the shape its event type's schema gives it.
public struct PayloadError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// The members of a payload object being decoded: each accessor names the key and the type it needs.
struct PayloadFields {
    let members: [String: JSONValue]
    let name: String

    init(_ json: JSONValue, _ name: String) throws(PayloadError) {
        guard case .object(let members) = json else { throw PayloadError("the \(name) payload is not a JSON object") }
        self.members = members
        self.name = name
    }

    private func wrong(_ key: String, _ expected: String) -> PayloadError {
        PayloadError("the \(name) payload's \(key) is \(members[key] == nil ? "missing" : "not \(expected)")")
    }

    /// Any value, which must be present (null included).
    func value(_ key: String) throws(PayloadError) -> JSONValue {
        guard let value = members[key] else { throw wrong(key, "present") }
        return value
    }

    func string(_ key: String) throws(PayloadError) -> String {
        guard let text = members[key]?.stringValue else { throw wrong(key, "a string") }
        return text
    }

    /// A string or null (the key must be there).
    func optionalString(_ key: String) throws(PayloadError) -> String? {
        guard members[key] != nil else { throw wrong(key, "present") }
        return try absentOrString(key)
    }

    /// A string, or nil when the key is absent or null (for keys a schema does not require).
    func absentOrString(_ key: String) throws(PayloadError) -> String? {
        switch members[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw wrong(key, "a string or null")
        }
    }

    func bool(_ key: String) throws(PayloadError) -> Bool {
        guard case .bool(let flag)? = members[key] else { throw wrong(key, "true or false") }
        return flag
    }

    func optionalBool(_ key: String) throws(PayloadError) -> Bool? {
        switch members[key] {
        case .null?: return nil
        case .bool(let flag)?: return flag
        default: throw wrong(key, "true, false or null")
        }
    }

    func int(_ key: String) throws(PayloadError) -> Int64 {
        guard case .int(let number)? = members[key] else { throw wrong(key, "a whole number") }
        return number
    }

    func optionalInt(_ key: String) throws(PayloadError) -> Int64? {
        switch members[key] {
        case .null?: return nil
        case .int(let number)?: return number
        default: throw wrong(key, "a whole number or null")
        }
    }

    /// A number or null (null reads as nil).
    func number(_ key: String) throws(PayloadError) -> Double? {
        switch members[key] {
        case .null?: return nil
        case .int(let number)?: return Double(number)
        case .double(let number)?: return number
        default: throw wrong(key, "a number or null")
        }
    }

    func array(_ key: String) throws(PayloadError) -> [JSONValue] {
        guard let items = members[key]?.arrayValue else { throw wrong(key, "an array") }
        return items
    }

    func strings(_ key: String) throws(PayloadError) -> [String] {
        let items = try array(key)
        let texts = items.compactMap(\.stringValue)
        guard texts.count == items.count else { throw wrong(key, "an array of strings") }
        return texts
    }

    /// An object, or null where `nullable`.
    func object(_ key: String, nullable: Bool = false) throws(PayloadError) -> JSONValue {
        switch members[key] {
        case .object?: return members[key] ?? .null
        case .null? where nullable: return .null
        default: throw wrong(key, nullable ? "an object or null" : "an object")
        }
    }
}
