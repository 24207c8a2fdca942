-- What the analyst said each day, by model and prompt version, re-analyses included.
SELECT run_date, monitor, run_id, event_id AS analysis_id, JSON_VALUE(payload, '$.model') AS model,
  JSON_VALUE(payload, '$.prompt_version') AS prompt_version, JSON_VALUE(payload, '$.builtin') = 'true' AS builtin,
  JSON_VALUE(payload, '$.analyzed_run_id') AS analyzed_run_id, JSON_VALUE(payload, '$.output.summary') AS summary,
  occurred_at
FROM `{{dataset}}.events_dedup`
WHERE type = 'analysis.produced'
