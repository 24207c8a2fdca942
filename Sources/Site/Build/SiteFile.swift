import CanonicalJSON
import Foundation
import MonitorEngine

/// One file of the site: its path under the site's top and its bytes.
package struct SiteFile: Sendable, Equatable {
    package let path: String
    package let bytes: Data

    package init(path: String, text: String) {
        self.path = path
        bytes = Data(text.utf8)
    }

    /// The `Content-Type` a web server or bucket should serve it with.
    package var contentType: String {
        if path.hasSuffix(".css") { return "text/css; charset=utf-8" }
        return "text/html; charset=utf-8"
    }
}
