-- Every archived event exactly once: a load retried after a crash may have written rows twice; event_id decides.
SELECT * FROM `{{events_table}}`
WHERE TRUE
QUALIFY ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY occurred_at, sequence) = 1
