extension Panel {
    /// Whether this panel holds exactly what `other` holds over the same days, starting at `other`'s day
    /// `offset`: the same dimensions, the same slices seen, the same presence and the same bits in every
    /// column. A run judged on either would come to the same findings.
    public func equals(_ other: Panel, from offset: Int) -> Bool {
        guard offset >= 0, offset + dayCount <= other.dayCount, columnNames == other.columnNames,
            dimensions.map(\.name) == other.dimensions.map(\.name)
        else { return false }
        let days = offset...(offset + dayCount - 1)
        for (mine, theirs) in zip(dimensions, other.dimensions) {
            let seen = theirs.slices(in: days)
            guard seen.map({ theirs.slices[$0] }) == mine.slices, Array(theirs.present[days]) == mine.present else { return false }
            for (s, t) in seen.enumerated() {
                for c in columnNames.indices {
                    let a = mine.column(c, slice: s, 0...(dayCount - 1))
                    let b = theirs.column(c, slice: t, days)
                    guard a.elementsEqual(b, by: { $0.bitPattern == $1.bitPattern }) else { return false }
                }
            }
        }
        return true
    }
}
