import Foundation

/// An access token kept until a minute before it expires, so every call of one process shares it; a refused token
/// is forgotten and the next call fetches a new one. Used by the Google and Databricks token sources.
package final class TokenCache: @unchecked Sendable {
    // @unchecked: the lock guards `cached`, the only mutable state.
    private let lock = NSLock()
    private var cached: (token: String, expires: Date)?
    package let now: @Sendable () -> Date

    package init(now: @escaping @Sendable () -> Date = { Date() }) { self.now = now }

    /// The cached token while it has more than a minute left, else what `fetch` returns (then cached).
    package func token<Failure: Error>(_ fetch: () throws(Failure) -> (token: String, expires: Date)) throws(Failure) -> String {
        lock.lock()
        defer { lock.unlock() }
        if let cached, cached.expires.timeIntervalSince(now()) > 60 { return cached.token }
        let fresh = try fetch()
        cached = fresh
        return fresh.token
    }

    /// Forgets the cached token.
    package func invalidate() {
        lock.lock()
        cached = nil
        lock.unlock()
    }
}
