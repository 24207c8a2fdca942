import Testing

@testable import CLI

/// The Markdown escaper on its own: it keeps data text from becoming markup without printing a backslash where
/// CommonMark would read the character as text anyway (the report is read in terminals too).
@Suite struct MarkdownTextTests {
    @Test func plainWordsAndBracketedSlicesPrintWithoutBackslashes() {
        for text in ["quote_rate [total=all] fell 20.9%", "revenue_funnel_demo on 2026-06-21", "requests [platform=android] (z -15.1)"] {
            #expect(MarkdownText.inline(text) == text)
        }
    }

    @Test func whatCouldMakeALinkIsEscaped() {
        #expect(MarkdownText.inline("[y](http://e)") == "\\[y\\](http://e)")
        #expect(MarkdownText.inline("x [y][ref]") == "x [y\\][ref\\]")
        // A reference definition starts a line: the first bracket of a value is escaped.
        #expect(MarkdownText.inline("[ref]: http://e").hasPrefix("\\[ref\\]:"))
        // Two values side by side cannot pair up: a value's last bracket is escaped, whatever follows it.
        let joined = MarkdownText.inline("a [b") + MarkdownText.inline("c]") + "(http://e)"
        #expect(joined.contains("\\](") && !joined.contains(/[^\\]\]\(/))
        #expect(MarkdownText.inline("a|b *c* `d`") == "a\\|b \\*c\\* \\`d\\`")
    }
}
