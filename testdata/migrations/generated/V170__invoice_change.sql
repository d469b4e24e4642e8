-- migration 170
CREATE INDEX CONCURRENTLY IF NOT EXISTS comments_135_0_project_1_idx_170 ON comments_135_0 (project_1);

ALTER TABLE payments_111_1 RENAME COLUMN id TO id_old;
