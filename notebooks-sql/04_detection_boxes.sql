-- 04 · Finding things: detection boxes
--
-- What this shows: qwen_detect returns an array of boxes (label, x1, y1, x2, y2 in the ORIGINAL
-- image's pixels after EXIF orientation, clipped to the image), which SQL can explode, filter
-- and aggregate. The tiny test model rarely outputs a box: empty arrays are expected with it.
-- Placeholders: ${samples}, ${warehouse}.

CREATE OR REPLACE TEMPORARY VIEW scenes AS
SELECT path, content
FROM binaryFile.`${samples}`
WHERE lower(path) LIKE '%.jpg';

-- The boxes of "cat" per image.
CREATE OR REPLACE TABLE cat_boxes
USING delta LOCATION '${warehouse}/cat_boxes' AS
SELECT path, qwen_detect(content, 'cat', map('max-new-tokens', '64')) AS boxes
FROM scenes;

SELECT path, size(boxes) AS found FROM cat_boxes ORDER BY path;

-- One row per box, with its area in pixels.
SELECT path, b.label, b.x1, b.y1, b.x2, b.y2, (b.x2 - b.x1) * (b.y2 - b.y1) AS area
FROM cat_boxes
LATERAL VIEW OUTER explode(boxes) AS b
ORDER BY path;

-- The data source returns the same boxes, plus normalized coordinates (nx1..ny2 in [0, 1]).
CREATE OR REPLACE TEMPORARY VIEW detections
USING qwenvl
OPTIONS (path '${samples}', task 'detect', target 'cat', `max-new-tokens` '64');

SELECT path, media_type, size(boxes) AS found, error
FROM detections
ORDER BY path;
