extension JSONValue {
    /// Appends this value's canonical form to `out`, for callers assembling larger documents.
    public func appendCanonical(to out: inout String) {
        out += canonicalString
    }
}
