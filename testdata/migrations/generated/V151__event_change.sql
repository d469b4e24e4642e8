-- migration 151
ALTER TABLE products_36_1 ADD CONSTRAINT products_36_1_comment_1_chk_151 CHECK (comment_1 IS NOT NULL) NOT VALID;

ALTER TABLE products_36_1 VALIDATE CONSTRAINT products_36_1_comment_1_chk_151;

CREATE INDEX CONCURRENTLY IF NOT EXISTS users_6_0_account_12_0_idx_151 ON users_6_0 (account_12_0);

ALTER TABLE projects_61_3 ADD CONSTRAINT projects_61_3_review_1_chk_151 CHECK (review_1 IS NOT NULL);
