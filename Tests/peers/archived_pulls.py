"""Reads `data.pulled` payloads (schema version 2) from an archive as their whole rows, written from the JSON Schema's
description alone: `rows` as stored, or `rows_delta` — segments that copy a run of the base pull's rebuilt rows by
position (`{"copy": [start, count]}`) or write rows out (`{"rows": [...]}`)."""
import json


class ArchivedPulls:
    def __init__(self, db):
        self.db = db
        self.rows, self.chain, self.payloads = {}, {}, {}

    def payload(self, event_id):
        if event_id not in self.payloads:
            found = self.db.execute(
                "SELECT payload FROM events WHERE event_id = ? AND type = 'data.pulled'", (event_id,)).fetchone()
            if found is None:
                raise SystemExit(f"no data.pulled event {event_id}")
            self.payloads[event_id] = json.loads(found[0])
        return self.payloads[event_id]

    def whole(self, event_id):
        """The rebuilt rows of `event_id`, and how many deltas lie between it and a whole pull."""
        if event_id not in self.rows:
            payload = self.payload(event_id)
            if "rows_delta" in payload:
                delta = payload["rows_delta"]
                base, links = self.whole(delta["base_event_id"])
                built = []
                for segment in delta["segments"]:
                    if "copy" in segment:
                        start, count = segment["copy"]
                        if start + count > len(base):
                            raise SystemExit(f"{event_id} copies past the end of its base")
                        built.extend(base[start:start + count])
                    else:
                        built.extend(segment["rows"])
                self.rows[event_id], self.chain[event_id] = built, links + 1
            else:
                self.rows[event_id], self.chain[event_id] = payload["rows"], 0
        return self.rows[event_id], self.chain[event_id]
