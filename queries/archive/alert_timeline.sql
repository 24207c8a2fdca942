-- Alerts of the current reports, day by day: what fired, how badly, and the id `aa why` takes.
SELECT e.run_date, e.monitor, JSON_VALUE(e.payload, '$.anomaly_id') AS anomaly_id,
  JSON_VALUE(e.payload, '$.metric') AS metric, JSON_VALUE(e.payload, '$.dimension') AS dimension,
  JSON_VALUE(e.payload, '$.slice') AS slice, JSON_VALUE(e.payload, '$.severity') AS severity,
  JSON_VALUE(e.payload, '$.status') AS status, SAFE_CAST(JSON_VALUE(e.payload, '$.statistic') AS FLOAT64) AS statistic,
  SAFE_CAST(JSON_VALUE(e.payload, '$.stats.value') AS FLOAT64) AS value,
  SAFE_CAST(JSON_VALUE(e.payload, '$.stats.baseline') AS FLOAT64) AS baseline, e.run_id
FROM `{{dataset}}.events_dedup` e
JOIN `{{dataset}}.current_reports` r ON r.run_id = e.run_id
WHERE e.type = 'anomaly.flagged' AND JSON_VALUE(e.payload, '$.alerts') = 'true'
