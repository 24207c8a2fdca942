-- One row per flagged finding with what `aa why` shows first: the rule and statistic, the run's config and
-- template hashes, the query's job id and SQL, and what the analyst said about the day.
SELECT f.run_date, f.monitor, JSON_VALUE(f.payload, '$.anomaly_id') AS anomaly_id,
  JSON_VALUE(f.payload, '$.metric') AS metric, JSON_VALUE(f.payload, '$.dimension') AS dimension,
  JSON_VALUE(f.payload, '$.slice') AS slice, JSON_VALUE(f.payload, '$.severity') AS severity,
  SAFE_CAST(JSON_VALUE(f.payload, '$.statistic') AS FLOAT64) AS statistic,
  SAFE_CAST(JSON_VALUE(f.payload, '$.threshold') AS FLOAT64) AS threshold,
  JSON_VALUE(s.payload, '$.config_hash') AS config_hash, JSON_VALUE(s.payload, '$.template_hash') AS template_hash,
  JSON_VALUE(p.payload, '$.job_id') AS job_id, JSON_VALUE(p.payload, '$.sql') AS sql,
  JSON_VALUE(a.payload, '$.model') AS analyst_model, JSON_VALUE(a.payload, '$.output.summary') AS analyst_summary,
  f.run_id, f.logic_version
FROM `{{dataset}}.events_dedup` f
LEFT JOIN `{{dataset}}.events_dedup` s ON s.run_id = f.run_id AND s.type = 'run.started'
LEFT JOIN `{{dataset}}.events_dedup` p ON p.event_id = JSON_VALUE(f.payload, '$.pull_event_id')
LEFT JOIN `{{dataset}}.events_dedup` a ON a.run_id = f.run_id AND a.type = 'analysis.produced'
WHERE f.type = 'anomaly.flagged'
