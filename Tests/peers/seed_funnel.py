"""Seed a BigQuery (emulator) with a realistic event-level funnel table for the `revenue_funnel` monitor.

Usage: seed_funnel.py ENDPOINT PROJECT DATASET.TABLE END_DATE DAYS [INCIDENT_DATE]

Deterministic (seeded): every day has category views, requests, quotes and hires by platform, category
and region, with weekly seasonality; on INCIDENT_DATE (default END_DATE) android requests, quotes and hires drop
by 70%.
Creates the dataset and table, then loads the rows with one multipart NDJSON load job (CRLF line ends).
Prints {"rows": N} on stdout.
"""
import datetime
import json
import random
import sys
import urllib.request


def call(url, body=None, content_type="application/json"):
    request = urllib.request.Request(url, data=body, method="POST" if body is not None else "GET",
                                     headers={"Content-Type": content_type, "Authorization": "Bearer seed"})
    with urllib.request.urlopen(request) as answer:
        return json.loads(answer.read() or b"{}")


def main():
    endpoint, project, table, end, days = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
    incident = datetime.date.fromisoformat(sys.argv[6] if len(sys.argv) > 6 else end)
    dataset, table_id = table.split(".")
    base = f"{endpoint}/bigquery/v2/projects/{project}"
    try:
        call(f"{base}/datasets", json.dumps({"datasetReference": {"projectId": project, "datasetId": dataset}}).encode())
    except urllib.error.HTTPError as e:
        if e.code != 409:
            raise
    schema = {"fields": [
        {"name": "event_ts", "type": "TIMESTAMP"}, {"name": "event_name", "type": "STRING"}, {"name": "visitor_id", "type": "STRING"},
        {"name": "platform", "type": "STRING"}, {"name": "category", "type": "STRING"}, {"name": "region", "type": "STRING"},
        {"name": "revenue_usd", "type": "FLOAT64"}]}
    call(f"{base}/datasets/{dataset}/tables", json.dumps({"tableReference": {"projectId": project, "datasetId": dataset, "tableId": table_id},
                                                          "schema": schema}).encode())
    rng = random.Random(20261120)
    last = datetime.date.fromisoformat(end)
    lines = []
    for back in range(days - 1, -1, -1):
        day = last - datetime.timedelta(days=back)
        weekly = 1.15 if day.weekday() < 5 else 0.8
        for platform, share in (("web", 0.5), ("ios", 0.3), ("android", 0.2)):
            for category in ("plumbing", "moving"):
                for region in ("north", "south"):
                    visitors = int(rng.gauss(300, 8) * share * weekly)
                    drop = 0.3 if (day == incident and platform == "android") else 1.0
                    for v in range(visitors):
                        visitor = f"{day}-{platform}-{category}-{region}-{v}"
                        ts = f"{day}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00Z"
                        lines.append({"event_ts": ts, "event_name": "category_view", "visitor_id": visitor, "platform": platform,
                                      "category": category, "region": region, "revenue_usd": 0})
                        if rng.random() < 0.5 * drop:
                            lines.append({"event_ts": ts, "event_name": "request_submitted", "visitor_id": visitor, "platform": platform,
                                          "category": category, "region": region, "revenue_usd": 0})
                            if rng.random() < 0.6:
                                lines.append({"event_ts": ts, "event_name": "quote_sent", "visitor_id": visitor, "platform": platform,
                                              "category": category, "region": region, "revenue_usd": 0})
                                if rng.random() < 0.35:
                                    lines.append({"event_ts": ts, "event_name": "hire", "visitor_id": visitor, "platform": platform,
                                                  "category": category, "region": region, "revenue_usd": round(rng.uniform(80, 300), 2)})
    job = {"configuration": {"load": {"destinationTable": {"projectId": project, "datasetId": dataset, "tableId": table_id},
                                      "sourceFormat": "NEWLINE_DELIMITED_JSON", "writeDisposition": "WRITE_APPEND"}}}
    boundary = "seedboundary"
    data = "\n".join(json.dumps(line) for line in lines)
    body = (f"--{boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n{json.dumps(job)}\r\n"
            f"--{boundary}\r\nContent-Type: application/octet-stream\r\n\r\n{data}\r\n--{boundary}--\r\n").encode()
    answer = call(f"{endpoint}/upload/bigquery/v2/projects/{project}/jobs?uploadType=multipart", body, f"multipart/related; boundary={boundary}")
    if answer.get("status", {}).get("errorResult"):
        sys.exit(f"load failed: {answer['status']['errorResult']}")
    print(json.dumps({"rows": len(lines)}))


if __name__ == "__main__":
    main()
