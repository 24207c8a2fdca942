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
        /// The slice's share of the top line in the baseline: the share it would have if the change were spread evenly.
        public let weight: Double
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

    /// The slice whose share of the change most exceeds its share of the volume, across dimensions.
    public var topContributor: (dimension: String, contributor: Contributor)? {
        breakdowns.compactMap { b in b.contributors.first.map { (b.dimension, $0) } }
            .max { ($0.contributor.concentration, $1.dimension) < ($1.contributor.concentration, $0.dimension) }
    }

}

extension DrillDown.Contributor {
    /// Share of the change beyond the slice's share of the volume: near zero when a change is spread evenly.
    public var concentration: Double { share.isFinite && weight.isFinite ? share - weight : -.infinity }

    /// Whether this slice carries clearly more of the change than its size explains.
    public var isConcentrated: Bool { share.isFinite && weight.isFinite && share >= 0.5 && share > 1.5 * weight }
}
