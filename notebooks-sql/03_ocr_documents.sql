-- 03 · Reading documents: OCR
--
-- What this shows: plain OCR in reading order, and Qwen's document HTML (every block with a
-- data-bbox attribute) for layout-aware parsing.
-- Placeholders: ${samples}, ${warehouse}.

CREATE OR REPLACE TEMPORARY VIEW documents AS
SELECT path, content
FROM binaryFile.`${samples}`
WHERE lower(path) LIKE '%.png';

-- Plain text, in reading order.
SELECT path, qwen_ocr(content, map('max-new-tokens', '64')) AS text
FROM documents
ORDER BY path;

-- QwenVL HTML: the 'html' option asks for the document-parsing format.
SELECT path, qwen_ocr(content, map('html', 'true', 'max-new-tokens', '64')) AS html
FROM documents
ORDER BY path;

-- Searchable: store the text with its hash, then filter it with ordinary SQL.
CREATE OR REPLACE TABLE ocr
USING delta LOCATION '${warehouse}/ocr' AS
SELECT path, sha2(content, 256) AS content_hash,
       qwen_ocr(content, map('max-new-tokens', '64')) AS text
FROM documents;

SELECT path, length(text) AS characters, text ILIKE '%total%' AS mentions_total
FROM ocr
ORDER BY path;
