"""Checks a report site written by `aa site` with judges we did not write.

Every page is parsed by html5lib in strict mode (an unclosed or misnested tag is an error) and the stylesheet by
tinycss2. Every series chart's path is read back through the scale its plot group declares, and each point is
compared with the value computed here, independently, from the archived `data.pulled` rows of the finding (rebuilt
by archived_pulls.py where stored as a delta; count and sum metrics are the column, ratios the numerator over the
denominator). Prints one JSON object.

usage: check_site.py SITE_DIR ARCHIVE [--hostile TEXT]...
"""
import json
import os
import re
import sqlite3
import sys
from datetime import date, timedelta

import html5lib
import tinycss2

from archived_pulls import ArchivedPulls

SVG = "{http://www.w3.org/2000/svg}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def text_of(element):
    return "".join(element.itertext())


def pages(site):
    for folder, _, files in os.walk(site):
        for name in sorted(files):
            if name.endswith(".html"):
                yield os.path.relpath(os.path.join(folder, name), site)


def expected_series(db, anomaly_id, first_day, days):
    flagged = db.execute(
        "SELECT payload, run_id FROM events WHERE type = 'anomaly.flagged' AND json_extract(payload, '$.anomaly_id') = ?",
        (anomaly_id,)).fetchone()
    finding = json.loads(flagged[0])
    started = db.execute("SELECT payload FROM events WHERE type = 'run.started' AND run_id = ?", (flagged[1],)).fetchone()
    config = json.loads(started[0])["config"]
    metric = next(m for m in config["metrics"] if m["name"] == finding["metric"])
    pulls = ArchivedPulls(db)
    names = [c["name"] for c in pulls.payload(finding["pull_event_id"])["schema"]]
    rows, _ = pulls.whole(finding["pull_event_id"])
    by_day = {row[0]: dict(zip(names, row)) for row in rows if row[1] == finding["slice"]}

    def value(row):
        if row is None:
            return None
        if metric["kind"] == "ratio":
            num, den = row.get(metric["numerator"]), row.get(metric["denominator"])
            return None if num is None or not den else num / den
        return row.get(metric["column"])

    start = date.fromisoformat(first_day)
    series = [value(by_day.get((start + timedelta(days=i)).isoformat())) for i in range(days)]
    return series, finding


def check_chart(db, anomaly_id, plot, path_d):
    """Returns (points checked, mismatches) for one chart."""
    low, high = map(float, plot.get("data-y-domain").split())
    bottom, top = map(float, plot.get("data-y-range").split())
    left, right = map(float, plot.get("data-x-range").split())
    days = int(plot.get("data-days"))
    expected, finding = expected_series(db, anomaly_id, plot.get("data-first-day"), days)
    per_pixel = (high - low) / abs(bottom - top)
    tolerance = per_pixel * 0.006 + 1e-9
    plotted = {}
    for command, x, y in re.findall(r"([ML])(-?[\d.]+) (-?[\d.]+)", path_d):
        index = round((float(x) - left) / (right - left) * (days - 1)) if days > 1 else 0
        plotted[index] = low + (float(y) - bottom) / (top - bottom) * (high - low)
    mismatches = []
    for i, want in enumerate(expected):
        got = plotted.get(i)
        if want is None:
            if got is not None:
                mismatches.append({"anomaly": anomaly_id, "day": i, "expected": None, "plotted": got})
        elif got is None or abs(got - want) > tolerance:
            mismatches.append({"anomaly": anomaly_id, "day": i, "expected": want, "plotted": got})
    judged = expected[-1]
    if judged is not None and abs(judged - finding["stats"]["value"]) > 1e-6 * max(1, abs(judged)):
        mismatches.append({"anomaly": anomaly_id, "judged_day": True, "expected": finding["stats"]["value"], "archive": judged})
    return sum(1 for v in expected if v is not None), mismatches


def main():
    site, archive = sys.argv[1], sys.argv[2]
    hostile = [sys.argv[i + 1] for i, a in enumerate(sys.argv) if a == "--hostile"]
    db = sqlite3.connect(archive)
    report = {"pages": 0, "kinds": {}, "parse_errors": [], "css_errors": [], "charts": 0, "points": 0, "mismatches": [],
              "scripts": 0, "images": 0, "event_handlers": 0, "external": [], "hostile_text": {h: 0 for h in hostile},
              "charts_without_title": 0, "charts_without_table": 0, "broken_links": []}
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    for page in pages(site):
        report["pages"] += 1
        kind = page.split("/")[0] if "/" in page else page
        report["kinds"][kind] = report["kinds"].get(kind, 0) + 1
        with open(os.path.join(site, page), "rb") as f:
            try:
                tree = parser.parse(f.read())
            except Exception as error:  # html5lib raises ParseError with the position
                report["parse_errors"].append(f"{page}: {error}")
                continue
        for element in tree.iter():
            tag = element.tag.split("}")[-1] if isinstance(element.tag, str) else ""
            if tag == "script":
                report["scripts"] += 1
            if tag == "img":
                report["images"] += 1
            for name, value in element.attrib.items():
                if name.lower().startswith("on"):
                    report["event_handlers"] += 1
                if name in ("href", "src") and re.match(r"^[a-z]+:", value) and not value.startswith("#"):
                    report["external"].append(f"{page}: {value}")
                if name == "href" and not re.match(r"^[a-z]+:|^#", value):
                    target = os.path.normpath(os.path.join(os.path.dirname(os.path.join(site, page)), value.split("#")[0]))
                    if not os.path.exists(target):
                        report["broken_links"].append(f"{page}: {value}")
        whole = text_of(tree)
        for h in hostile:
            report["hostile_text"][h] += whole.count(h)
        for section in tree.iter(XHTML + "section"):
            anomaly = section.get("id")
            for svg in section.iter(SVG + "svg"):
                if "series" not in svg.get("class", ""):
                    continue
                report["charts"] += 1
                if svg.find(SVG + "title") is None or not text_of(svg.find(SVG + "title")).strip():
                    report["charts_without_title"] += 1
                plot = svg.find(SVG + "g")
                path = next(p for p in plot.iter(SVG + "path") if p.get("class") == "value")
                checked, mismatches = check_chart(db, anomaly, plot, path.get("d"))
                report["points"] += checked
                report["mismatches"] += mismatches[:5]
            if any("series" in s.get("class", "") for s in section.iter(SVG + "svg")):
                if not any(d.get("class") == "chart-table" for d in section.iter(XHTML + "details")):
                    report["charts_without_table"] += 1
    with open(os.path.join(site, "style.css"), encoding="utf-8") as f:
        rules = tinycss2.parse_stylesheet(f.read(), skip_comments=True, skip_whitespace=True)
    for rule in rules:
        if rule.type == "error":
            report["css_errors"].append(rule.message)
        elif rule.type == "qualified-rule":
            for decl in tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True):
                if decl.type == "error":
                    report["css_errors"].append(decl.message)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
