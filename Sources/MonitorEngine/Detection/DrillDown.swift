/// Which slices explain a top-line change, per dimension; for ratios, split into mix and rate effects.
public struct DrillDown: Sendable, Equatable {
    /// One slice's part in the change.
    public struct Contributor: Sendable, Equatable {
        public let slice: String
        public let value: Double
        public let baseline: Double
        /// Contribution to the top-line change in the metric's units.
        public let contribution: Double
        /// Contribution / top-line change.
        public let share: Double
        /// Ratios only: change from the slice's weight in the denominator.
        public let mixEffect: Double
        /// Ratios only: change from the slice's own rate.
        public let rateEffect: Double
    }

    /// Contributors within one dimension, largest share first.
    public struct Breakdown: Sendable, Equatable {
        public let dimension: String
        /// Sum over all slices (ratios: of the mix part).
        public let mixEffect: Double
        public let rateEffect: Double
        public let contributors: [Contributor]
        /// Slices not listed.
        public let omitted: Int
    }

    public let totalChange: Double
    public let breakdowns: [Breakdown]

    /// The slice that explains the most, across dimensions.
    public var topContributor: (dimension: String, contributor: Contributor)? {
        breakdowns.compactMap { b in b.contributors.first.map { (b.dimension, $0) } }
            .max { $0.contributor.share < $1.contributor.share }
    }
}
