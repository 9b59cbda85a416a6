-- 02 · A Delta table of captions
--
-- What this shows: writing model output into a Delta table with provenance, two ways: the SQL
-- function over binaryFile, and the qwenvl data source (one row per file, with file facts, the
-- finish reason, errors and provenance included).
-- Placeholders: ${samples} (media folder), ${warehouse} (where tables go).

-- 1. With the function. sha2(content, 256) is the content hash: renamed copies share it.
-- A named Delta table stored at ${warehouse}/captions (CREATE OR REPLACE: rerunnable).
CREATE OR REPLACE TABLE captions
USING delta LOCATION '${warehouse}/captions' AS
SELECT path,
       sha2(content, 256) AS content_hash,
       qwen_caption(content, map('max-new-tokens', '48')) AS caption,
       current_timestamp() AS annotated_at
FROM binaryFile.`${samples}`
WHERE lower(path) RLIKE '[.](jpg|jpeg|png|webp)$';

SELECT path, caption FROM captions ORDER BY path;

-- The same table by path, as other sessions and tools see it.
SELECT count(*) AS rows FROM delta.`${warehouse}/captions`;

-- 2. With the qwenvl data source: it lists the folder (images and videos), probes headers to plan
-- balanced partitions, and returns typed rows. Failures are rows with error and error_stage.
CREATE OR REPLACE TEMPORARY VIEW captions_source
USING qwenvl
OPTIONS (path '${samples}', task 'caption', `max-new-tokens` '48');

SELECT path, media_type, width, height, text, finish_reason, error
FROM captions_source
ORDER BY path;

-- Provenance says which model, revision and prompt produced each row.
SELECT path, provenance.model_id, provenance.model_revision, provenance.prompt_hash,
       provenance.prompt_tokens, provenance.output_tokens
FROM captions_source
ORDER BY path;

-- Keep it: a Delta table from the source's rows.
CREATE OR REPLACE TABLE captions_v2
USING delta LOCATION '${warehouse}/captions_v2' AS
SELECT * FROM captions_source;

SELECT count(*) AS rows, count(error) AS failed FROM captions_v2;
