-- migration 171
CREATE INDEX CONCURRENTLY IF NOT EXISTS projects_47_1_review_3_idx_171 ON projects_47_1 (review_3);

ALTER TABLE teams_169_4 DROP COLUMN IF EXISTS address_6;
