/// The noise a metric's values carry by their nature, from the volume behind them: the floor under a series' own
/// noise, and the unit its changes are standardised in, so a z means standard errors on a 200-a-day slice and on
/// the total alike.
///
/// ```swift
/// SamplingNoise.poisson.variance(of: 400, volume: 400)        // 400: a count of 400 varies by ±20
/// SamplingNoise.proportion.variance(of: 0.3, volume: 1_000)   // 0.00021: a rate over 1,000 trials
/// ```
public enum SamplingNoise: Sendable, Equatable {
    /// Counts: Poisson, the variance is the count.
    case poisson
    /// Ratios: binomial (p(1−p)/n over the denominator n) for a rate within [0, 1]; relative (p²/n) outside it.
    case proportion
    /// Sums of amounts (revenue): relative, value²/n over the volume n that makes them up.
    case relative

    /// The model for `metric`.
    public init(_ metric: MetricDefinition) {
        switch metric.kind {
        case .count: self = .poisson
        case .ratio: self = .proportion
        case .sum: self = .relative
        }
    }

    /// Sampling variance of one day's `value` made of `volume` units (NaN when the volume cannot carry it).
    @inline(__always)
    public func variance(of value: Double, volume: Double) -> Double {
        switch self {
        case .poisson:
            return max(value, 1)
        case .proportion:
            guard volume > 0 else { return .nan }
            // A rate at 0 or 1 still varies by one unit of its denominator.
            let binomial = value >= 0 && value <= 1 ? value * (1 - value) : value * value
            return max(binomial, 1 / volume) / volume
        case .relative:
            guard volume > 0 else { return .nan }
            return value * value / volume
        }
    }
}
