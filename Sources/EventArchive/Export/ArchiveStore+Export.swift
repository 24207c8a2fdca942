import CanonicalJSON

extension ArchiveStore {
    /// Writes every event as one NDJSON line in the BigQuery archive row format.
    ///
    /// - Parameter write: receives each line, newline included.
    /// - Returns: the number of events written.
    @discardableResult
    public func exportNDJSON(_ filter: EventFilter, write: (String) -> Void) throws(ArchiveError) -> Int {
        let list = try events(filter)
        for event in list { write(event.bigQueryRow.canonicalString + "\n") }
        return list.count
    }
}
