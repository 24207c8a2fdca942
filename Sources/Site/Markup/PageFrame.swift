import CanonicalJSON
import MonitorEngine

/// The frame every page shares: document head, the site's stylesheet, navigation and a footer naming the
/// archive state the page was built from. Nothing in it depends on the clock, so an unchanged archive rebuilds
/// byte-identical pages.
package struct PageFrame: Sendable {
    /// Where the pages were built from: archive file name, last event sequence and hash.
    package let provenance: String

    package init(provenance: String) { self.provenance = provenance }

    /// A whole HTML document for `title` whose `body` is already HTML; `root` leads back to the site's top
    /// (`""` for `index.html`, `"../"` one folder down).
    package func page(title: String, root: String, breadcrumb: [(String, String?)], body: String) -> String {
        let crumbs = breadcrumb.map { text, href in href.map { HTML.link(root + $0, text) } ?? HTML.escape(text) }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <title>\(HTML.escape(title)) · aa</title>
            <link rel="stylesheet" href="\(root)style.css">
            </head>
            <body>
            <header><nav aria-label="breadcrumb"><a href="\(root)index.html">aa reports</a>\
            \(crumbs.map { " › " + $0 }.joined())</nav></header>
            <main>
            <h1>\(HTML.escape(title))</h1>
            \(body)
            </main>
            <footer>Built by <code>aa site</code> from \(HTML.escape(provenance)). Every number on this page comes from an \
            archived event; <code>aa why</code> and <code>aa verify</code> re-derive them.</footer>
            </body>
            </html>

            """
    }
}
