-- 07 · The annotation job's tables: results, quarantine and runs
--
-- What this shows: how to read what bin/qwenvl annotate (io.sparkqwenvl.jobs.AnnotateJob) wrote.
-- Run the job first, e.g.
--   bin/qwenvl annotate --input samples --table /tmp/qwenvl-demo --model tiny
--   bin/qwenvl sql notebooks-sql/07_quarantine_and_runs.sql --var table=/tmp/qwenvl-demo
-- Placeholder: ${table} (the job's --table; the others are <table>_quarantine and <table>_runs).

-- One row per (content_hash, task, prompt_hash, model_revision).
SELECT path, task, media_type, width, height, text, finish_reason, output_tokens
FROM delta.`${table}`
ORDER BY path, task;

-- Typed access per task: detect rows carry boxes, extract rows carry fields_json (read it typed
-- with from_json and the schema you asked for), text tasks carry text.
SELECT task, count(*) AS rows, sum(size(boxes)) AS boxes, count(fields_json) AS extracted
FROM delta.`${table}`
GROUP BY task
ORDER BY task;

-- Renamed or copied files are not annotated twice: the key is the content hash.
SELECT content_hash, task, count(*) AS rows
FROM delta.`${table}`
GROUP BY content_hash, task
HAVING count(*) > 1;

-- Which model and settings produced the rows; note warns about the tiny test model.
SELECT model_id, model_revision, prompt_hash, prompt, note, count(*) AS rows
FROM delta.`${table}`
GROUP BY model_id, model_revision, prompt_hash, prompt, note;

-- Failures: the stage that failed (read, decode, preprocess, prompt, generate, parse), why, and
-- how many runs tried. A file that later succeeds leaves the quarantine.
SELECT path, task, error_stage, error, attempts, run_id
FROM delta.`${table}_quarantine`
ORDER BY path;

SELECT error_stage, count(*) AS files FROM delta.`${table}_quarantine` GROUP BY error_stage;

-- One row per run: what it saw, skipped, annotated and how fast.
SELECT run_id, status, started_at, files_seen, files_skipped, files_ok, files_failed,
       round(images_per_second, 3) AS images_per_s, round(tokens_per_second, 1) AS tokens_per_s
FROM delta.`${table}_runs`
ORDER BY started_at;

-- A second run over the same corpus skips every file.
SELECT run_id, files_skipped = files_seen AS nothing_new
FROM delta.`${table}_runs`
WHERE status = 'succeeded'
ORDER BY started_at;
