"""Reads `aa report`'s Markdown with markdown-it-py (CommonMark with GFM tables), a parser we did not write.

Prints one JSON object: the HTML tags the rendering produced (so raw HTML passed through shows up as a tag), each
table's rows as lists of cell texts, and whether every given text appears whole in some cell or paragraph.

usage: check_markdown.py FILE [--text TEXT]...
"""
import json
import sys
from html.parser import HTMLParser

from markdown_it import MarkdownIt


class Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.tables, self.texts, self.cell = set(), [], [], None

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][-1].append(self.cell)
            self.texts.append(self.cell)
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
        else:
            self.texts.append(data)


def main():
    path, wanted = sys.argv[1], sys.argv[3::2]
    html = MarkdownIt("commonmark").enable("table").render(open(path, encoding="utf-8").read())
    reader = Reader()
    reader.feed(html)
    print(json.dumps({
        "tags": sorted(reader.tags),
        "tables": reader.tables,
        "found": {text: any(text in piece for piece in reader.texts) for text in wanted},
    }))


main()
