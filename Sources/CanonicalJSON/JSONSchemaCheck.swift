/// Checks a value against the subset of JSON Schema that strict structured outputs use — `type`, `properties`,
/// `required`, `additionalProperties: false`, `items`, `enum` — and names the first violation by its JSON path.
///
/// It exists so a model's answer is refused before it is archived as valid; the tests hold the same answers
/// against Python's full `jsonschema` validator.
public enum JSONSchemaCheck {
    /// The first violation of `schema` by `value`, or nil when it conforms.
    public static func violation(of schema: JSONValue, by value: JSONValue, at path: String = "$") -> String? {
        if let allowed = schema["enum"]?.arrayValue, !allowed.contains(value) {
            return "\(path) must be one of \(allowed.map(\.canonicalString).joined(separator: ", ")), got \(value.canonicalString)"
        }
        if let type = schema["type"] {
            let types = type.arrayValue?.compactMap(\.stringValue) ?? [type.stringValue ?? ""]
            guard types.contains(where: { matches(value, $0) }) else {
                return "\(path) must be \(types.joined(separator: " or ")), got \(kind(of: value))"
            }
        }
        switch value {
        case .object(let members):
            let properties = schema["properties"]?.objectValue ?? [:]
            for name in (schema["required"]?.arrayValue ?? []).compactMap(\.stringValue) where members[name] == nil {
                return "\(path) is missing \"\(name)\""
            }
            if schema["additionalProperties"] == .bool(false), let extra = members.keys.sorted().first(where: { properties[$0] == nil }) {
                return "\(path) has an unexpected property \"\(extra)\""
            }
            for name in members.keys.sorted() {
                if let sub = properties[name], let problem = violation(of: sub, by: members[name] ?? .null, at: "\(path).\(name)") {
                    return problem
                }
            }
        case .array(let items):
            if let sub = schema["items"] {
                for (i, item) in items.enumerated() {
                    if let problem = violation(of: sub, by: item, at: "\(path)[\(i)]") { return problem }
                }
            }
        default: break
        }
        return nil
    }

    static func matches(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null): return true
        case ("integer", .int): return true
        case ("integer", .double(let d)): return d.rounded() == d
        case ("number", .int), ("number", .double): return true
        default: return false
        }
    }

    static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
