import CanonicalJSON
import MonitorEngine

/// The frame every page shares: document head, the site's stylesheet, navigation and a footer naming what the
/// page was built from. Nothing in it depends on the clock or on events the page does not show, so a page changes
/// only when its own content does — and a publish re-sends only those pages.
package struct PageFrame: Sendable {
    /// The archive's file name.
    package let archive: String

    package init(archive: String) { self.archive = archive }

    /// A whole HTML document for `title` whose `body` is already HTML; `root` leads back to the site's top
    /// (`""` for `index.html`, `"../"` one folder down).
    /// `source` names the events the page shows (a run, an anomaly, the archive's last event for the index).
    package func page(title: String, root: String, breadcrumb: [(String, String?)], source: String, body: String) -> String {
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
            <footer>Built by <code>aa site</code> from \(HTML.escape(archive)), \(HTML.escape(source)). Every number on this page comes from an \
            archived event; <code>aa why</code> and <code>aa verify</code> re-derive them.</footer>
            </body>
            </html>

            """
    }
}
