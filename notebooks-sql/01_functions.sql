-- 01 · The qwen_* SQL functions on a folder of images
--
-- What this shows: the SQL functions that spark-qwenvl registers, called on the bytes that
-- Spark's built-in binaryFile source reads.
--
-- The session needs spark-qwenvl's extension next to Delta's (bin/qwenvl sql sets both):
--   spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension,io.sparkqwenvl.udfs.QwenVlSessionExtensions
--   spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog
-- Run it:
--   bin/qwenvl sql notebooks-sql/01_functions.sql --var samples=samples --var warehouse=/tmp/qwenvl-nb --model tiny
-- ${samples} is a folder of images/videos, ${warehouse} a folder for the tables the notebooks write.
-- The model comes from spark.sql.qwenvl.model (--model): "tiny" is a random test model whose
-- answers are meaningless; use Qwen/Qwen2.5-VL-3B-Instruct (or a local folder) for real text.

-- The five functions and their arguments.
SHOW FUNCTIONS LIKE 'qwen*';

DESCRIBE FUNCTION EXTENDED qwen_caption;

-- The corpus as rows: path, modification time, length and the raw bytes.
CREATE OR REPLACE TEMPORARY VIEW images AS
SELECT path, length, content
FROM binaryFile.`${samples}`
WHERE lower(path) LIKE '%.jpg' OR lower(path) LIKE '%.png';

SELECT path, length FROM images ORDER BY path;

-- A caption per image. The calls are batched: many rows are in flight per task, so the model
-- sees full batches; each answer comes back to its own row.
SELECT path, qwen_caption(content) AS caption
FROM images
ORDER BY path;

-- Every function takes an optional options map as its last argument (the qwenvl data source's
-- read options): here a detailed caption limited to 32 new tokens and fewer image pixels.
SELECT path,
       qwen_caption(content, map('detailed', 'true', 'max-new-tokens', '32',
                                 'max-pixels', '200704')) AS detailed_caption
FROM images
ORDER BY path;

-- A free question with qwen_generate.
SELECT path, qwen_generate(content, 'How many distinct objects are in this picture?') AS answer
FROM images
ORDER BY path;
