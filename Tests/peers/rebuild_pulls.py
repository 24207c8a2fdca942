"""An independent reading of `data.pulled` schema version 2: rebuild every pull of an archive (archived_pulls.py),
check each has its `row_count`, then re-run the newest run's SQL on the warehouse and compare.

usage: rebuild_pulls.py ARCHIVE WAREHOUSE  → one JSON object on stdout
"""
import json
import sqlite3
import sys

from archived_pulls import ArchivedPulls


def main():
    archive, warehouse = sys.argv[1], sys.argv[2]
    pulls = ArchivedPulls(sqlite3.connect(f"file:{archive}?mode=ro", uri=True))
    order = pulls.db.execute("SELECT event_id, run_id FROM events WHERE type = 'data.pulled' ORDER BY position").fetchall()
    for event_id, _ in order:
        rows, _ = pulls.whole(event_id)
        if len(rows) != pulls.payload(event_id)["row_count"]:
            raise SystemExit(f"{event_id} rebuilds to {len(rows)} rows, not {pulls.payload(event_id)['row_count']}")
    newest = [event_id for event_id, run_id in order if run_id == order[-1][1]]
    db = sqlite3.connect(f"file:{warehouse}?mode=ro", uri=True)
    matching = 0
    for event_id in newest:
        payload = pulls.payload(event_id)
        parameters = {p["name"]: p["value"] for p in payload["parameters"]}
        fresh = [list(row) for row in db.execute(payload["sql"], parameters)]
        matching += fresh == pulls.whole(event_id)[0]
    payloads = [pulls.payload(event_id) for event_id, _ in order]
    print(json.dumps({
        "pulls": len(order),
        "deltas": sum(1 for payload in payloads if "rows_delta" in payload),
        "longest_chain": max(pulls.chain.values()),
        "stored_bytes": sum(len(json.dumps(payload, separators=(",", ":"))) for payload in payloads),
        "whole_rows_bytes": sum(len(json.dumps(pulls.whole(event_id)[0], separators=(",", ":"))) for event_id, _ in order),
        "newest_run": order[-1][1],
        "newest_pulls": len(newest),
        "newest_matching_the_warehouse": matching,
        "newest_chain": [pulls.whole(event_id)[1] for event_id in newest],
        "newest_written_rows": [
            row for event_id in newest
            for segment in pulls.payload(event_id).get("rows_delta", {}).get("segments", []) for row in segment.get("rows", [])
        ],
    }))


main()
