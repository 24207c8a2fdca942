import Foundation

/// A source of bearer tokens kept in a ``TokenCache``: ``token()`` returns the cached token while it is good and
/// fetches a new one otherwise. The Google and Databricks token sources differ only in how they fetch.
package protocol CachedTokenSource {
    /// What fetching a token throws: the caller's own error (this module has none of its own to impose).
    associatedtype FetchError: Error
    /// Where the current token is kept.
    var cache: TokenCache { get }
    /// A new token and when it expires.
    func fetch() throws(FetchError) -> (token: String, expires: Date)
}

extension CachedTokenSource {
    /// A valid bearer token: the cached one, or a new one.
    package func token() throws(FetchError) -> String {
        try cache.token(fetch)
    }

    /// Forgets the cached token (after the service refused it).
    package func invalidate() {
        cache.invalidate()
    }
}
