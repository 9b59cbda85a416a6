-- 05 · Structured fields from receipts: JSON extraction
--
-- What this shows: qwen_extract fills a struct of the Spark DDL schema you give; decoding is
-- constrained by a JSON grammar of that schema, so the output always parses; a field the model
-- cannot fill is NULL. The schema must be a string literal.
-- Placeholders: ${samples}, ${warehouse}.

CREATE OR REPLACE TEMPORARY VIEW receipts AS
SELECT path, content
FROM binaryFile.`${samples}`
WHERE path LIKE '%receipt%';

-- A struct per receipt.
CREATE OR REPLACE TABLE receipts_fields
USING delta LOCATION '${warehouse}/receipts' AS
SELECT path,
       qwen_extract(content, 'merchant STRING, total DECIMAL(10,2), paid_on DATE, items INT',
                    map('max-new-tokens', '96')) AS receipt
FROM receipts;

-- Fields are typed columns: sum, filter and join them like any other.
SELECT path, receipt.merchant, receipt.total, receipt.paid_on, receipt.items
FROM receipts_fields
ORDER BY path;

SELECT count(*) AS receipts, sum(receipt.total) AS spent
FROM receipts_fields;

-- The data source's extract task: column "extracted" has the schema's type.
CREATE OR REPLACE TEMPORARY VIEW extracted
USING qwenvl
OPTIONS (path '${samples}', task 'extract', schema 'merchant STRING, total DOUBLE',
         `max-new-tokens` '64');

SELECT path, extracted.merchant, extracted.total, error
FROM extracted
ORDER BY path;
