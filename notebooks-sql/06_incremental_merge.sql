-- 06 · Incremental annotation with MERGE
--
-- What this shows: annotate only what is new. A Delta table keyed on the content hash (plus the
-- task, prompt and model) is the memory of what has been done; MERGE inserts only missing keys,
-- so running this notebook again annotates nothing and adds no rows. This is what
-- bin/qwenvl annotate does for you at scale (chunked, with a quarantine and run records).
-- Placeholders: ${samples}, ${warehouse}.

CREATE TABLE IF NOT EXISTS incremental (
  content_hash STRING NOT NULL,
  task STRING NOT NULL,
  path STRING,
  caption STRING,
  annotated_at TIMESTAMP
) USING delta LOCATION '${warehouse}/incremental';

-- Only files whose content is not in the table yet reach the model (left anti join first, so
-- the function runs on new content only).
CREATE OR REPLACE TEMPORARY VIEW new_media AS
SELECT f.path, f.content, sha2(f.content, 256) AS content_hash
FROM binaryFile.`${samples}` f
LEFT ANTI JOIN incremental t
  ON t.content_hash = sha2(f.content, 256) AND t.task = 'caption'
WHERE lower(f.path) RLIKE '[.](jpg|jpeg|png|webp)$';

SELECT count(*) AS to_annotate FROM new_media;

MERGE INTO incremental t
USING (
  SELECT content_hash, 'caption' AS task, path,
         qwen_caption(content, map('max-new-tokens', '32')) AS caption,
         current_timestamp() AS annotated_at
  FROM (SELECT content_hash, min(path) AS path, first(content) AS content
        FROM new_media GROUP BY content_hash)
) s
ON t.content_hash = s.content_hash AND t.task = s.task
WHEN NOT MATCHED THEN INSERT *;

SELECT count(*) AS rows FROM incremental;

-- Run the same MERGE again: nothing is new, so no row is added (the count stays the same).
MERGE INTO incremental t
USING (
  SELECT content_hash, 'caption' AS task, path,
         qwen_caption(content, map('max-new-tokens', '32')) AS caption,
         current_timestamp() AS annotated_at
  FROM (SELECT content_hash, min(path) AS path, first(content) AS content
        FROM new_media GROUP BY content_hash)
) s
ON t.content_hash = s.content_hash AND t.task = s.task
WHEN NOT MATCHED THEN INSERT *;

SELECT count(*) AS rows, count(DISTINCT content_hash) AS distinct_contents
FROM incremental;

-- Delta keeps the history of every commit.
DESCRIBE HISTORY incremental;
