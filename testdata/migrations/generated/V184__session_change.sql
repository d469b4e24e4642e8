-- migration 184
ALTER TABLE reviews_113_1 ADD COLUMN comment_184_0 integer DEFAULT 0;

CREATE INDEX IF NOT EXISTS products_36_1_comment_1_idx_184 ON products_36_1 (comment_1);

COMMENT ON TABLE addresss_14_3 IS 'Owned by team comment; see the runbook.';
