-- The run whose report is current for each monitor and day: the latest completed run that becomes current
-- (re-analyses never do; a rebuild does).
SELECT monitor, run_date, run_id, logic_version, occurred_at AS completed_at,
  SAFE_CAST(JSON_VALUE(payload, '$.findings') AS INT64) AS findings,
  SAFE_CAST(JSON_VALUE(payload, '$.alerts') AS INT64) AS alerts
FROM `{{dataset}}.events_dedup`
WHERE type = 'run.completed' AND COALESCE(JSON_VALUE(payload, '$.becomes_current'), 'true') = 'true'
QUALIFY ROW_NUMBER() OVER (PARTITION BY monitor, run_date ORDER BY occurred_at DESC, sequence DESC) = 1
