# Shared helpers for the SQL migration rules (rules/migrations/, documents of kind SqlMigration,
# see rules/migrations/MODEL.md): names, column types, transaction blocks, and look-ups across
# the operations of one file. No rule is declared here.
#
# As with lib/k8s.rego, rules refer to this package's rules by full path
# (`data.tollgate.lib.sql.column_defs`) and to its functions through the import
# (`sql.table_name(op)`): regorus' VM compiles `sql.column_defs` as a look-up of the whole
# package, evaluating every rule in it.
package tollgate.lib.sql

import rego.v1

# ---- tables ---------------------------------------------------------------------------------

# Whether the operation acts on a table that existed before the file ran: one the release
# still running during the deploy uses, and that other sessions may hold locks on.
# Whether the file's statements are judged: a new migration (or any, without --base). An
# applied migration that was edited is reported once, by migration-edited-after-apply, not
# statement by statement.
judged if object.get(input.spec, "new", true) != false

# The positions in input.spec.statements of the operations of one kind, in order: the model's
# `spec.positions` index, or a scan when the input has none (hand-written inputs). Rules visit
# one kind of operation through it: regorus' VM spends about a microsecond on every loop
# iteration, and a migration rule cares about one or two kinds out of many statements.
positions_of(kind) := [] if {
	not judged
} else := object.get(input.spec.positions, kind, []) if {
	is_object(input.spec.positions)
} else := [i |
	judged
	some i, op in input.spec.statements
	op.op == kind
]

on_existing_table(op) if {
	is_string(op.table)
	not op.table_created_in_file
}

# `users`, or `app.users` when the schema is written.
table_name(op) := sprintf("%s.%s", [op.schema, op.table]) if {
	is_string(op.schema)
	op.schema != ""
} else := op.table

# An identifier without its schema: `app.users_email_idx` -> `users_email_idx`.
unqualified(name) := parts[count(parts) - 1] if {
	parts := split(name, ".")
}

# The name of the index an operation creates or drops, or null. MODEL.md gives it as `index`,
# which is also the statement position of every operation, so a future `index_name` is read
# first, and `index` only when it is a string.
index_name(op) := n if {
	n := op.index_name
	is_string(n)
} else := n if {
	n := op.index
	is_string(n)
} else := null

# Whether an index named `name` is created by an operation before position `i` of the file.
index_created_before(i, name) if {
	is_string(name)
	some j, other in input.spec.statements
	j < i
	other.op == "create_index"
	created := index_name(other)
	is_string(created)
	unqualified(created) == unqualified(name)
}

# Locks that conflict with the ROW EXCLUSIVE lock every INSERT/UPDATE/DELETE takes (the last
# also with the ACCESS SHARE of every SELECT): while such a lock is held, or merely queued behind
# a long transaction, the application's writes (and for ACCESS EXCLUSIVE, its reads) wait.
blocking_locks := {"SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"}

blocks_traffic(op) if blocking_locks[op.lock]

# ---- column types ---------------------------------------------------------------------------

# A type as the model writes it, lower case, without `pg_catalog.` and array brackets:
# `timestamp(3)[]` -> `timestamp(3)`.
base_type(t) := trim_space(split(trim_prefix(lower(t), "pg_catalog."), "[")[0])

# The type's name without modifiers: `varchar(20)` -> `varchar`.
type_name(t) := trim_space(split(base_type(t), "(")[0])

serial_types := {"serial", "serial2", "serial4", "serial8", "smallserial", "bigserial"}

int4_types := {"int4", "int", "integer", "serial", "serial4"}

int2_types := {"int2", "smallint", "smallserial", "serial2"}

is_serial(t) if serial_types[type_name(t)]

is_int4(t) if int4_types[type_name(t)]

is_int2(t) if int2_types[type_name(t)]

# char(n) / character(n) (PostgreSQL's bpchar), not the internal one-byte "char".
is_char(t) if startswith(base_type(t), "bpchar")

is_char(t) if startswith(base_type(t), "char(")

is_char(t) if startswith(base_type(t), "character(")

# timestamp / timestamp(n), without time zone.
is_timestamp_without_tz(t) if type_name(t) == "timestamp"

is_timestamp_without_tz(t) if type_name(t) == "timestamp without time zone"

# varchar(n) / character varying(n): a length limit that can only be raised under an ACCESS
# EXCLUSIVE lock. (`varchar` without a length is text.)
is_limited_varchar(t) if startswith(base_type(t), "varchar(")

is_limited_varchar(t) if startswith(base_type(t), "character varying(")

# The same tests on a bare type name (the model's `type_name`, see bare_type), for the hot
# paths: one set lookup instead of string surgery on every call.

# The bare type name of a column definition or operation: the model's `type_name`, computed
# from `type` when absent (hand-written inputs).
bare_type(x) := x.type_name if is_string(x.type_name) else := type_name(x.type)

is_serial_name(n) if serial_types[n]

is_int4_name(n) if int4_types[n]

is_int2_name(n) if int2_types[n]

char_names := {"bpchar", "character"}

# A blank-padded char column (`bpchar(2)` as PostgreSQL names it; `char(2)` as written). The
# bare `"char"` is PostgreSQL's one-byte internal type, not this.
is_char_def(d) if char_names[d.type_name]

is_char_def(d) if {
	d.type_name == "char"
	startswith(lower(d.type), "char(")
}

timestamp_names := {"timestamp", "timestamp without time zone"}

is_timestamp_name(n) if timestamp_names[n]

varchar_names := {"varchar", "character varying"}

# A varchar with a length limit (`varchar(255)`; a bare `varchar` has none).
is_limited_varchar_def(d) if {
	varchar_names[d.type_name]
	contains(d.type, "(")
}

# Every column the file defines or retypes, each {"i": statement position, "op": <operation>,
# "column": name, "type": type, "path": [...]}: the columns of CREATE TABLE, ADD COLUMN, and the
# new type of ALTER COLUMN TYPE.
# (This rule scans the statements rather than calling positions_of: regorus 0.14.1's VM dropped
# every column definition when it did — the interpreter did not. The migration corpus test
# compares the two.)
column_defs := array.concat(
	[d |
		judged
		some i, op in input.spec.statements
		op.op == "create_table"
		some k, c in object.get(op, "columns", [])
		is_string(c.type)
		d := {"i": i, "op": op, "column": c.column, "type": c.type, "type_name": bare_type(c), "path": ["spec", "statements", i, "columns", k, "column"]}
	],
	[d |
		judged
		some i, op in input.spec.statements
		typed_ops[op.op]
		is_string(op.type)
		d := {"i": i, "op": op, "column": op.column, "type": op.type, "type_name": bare_type(op), "path": ["spec", "statements", i, "column"]}
	],
)

typed_ops := {"add_column", "alter_column_type"}

# `column "email" of table "users"`
describe_column(op, column) := sprintf("column \"%s\" of table \"%s\"", [column, table_name(op)]) if {
	is_string(op.table)
} else := sprintf("column \"%s\"", [column])

# ---- constraints ----------------------------------------------------------------------------

# The words of an SQL expression, lower case, without parentheses and double quotes:
# `("Email" IS NOT NULL)` -> ["email", "is", "not", "null"].
sql_words(s) := [w |
	some w in split(replace(replace(replace(replace(replace(replace(lower(s), "(", " "), ")", " "), "\"", " "), "\n", " "), "\t", " "), "\r", " "), " ")
	w != ""
]

# Whether a CHECK expression contains `<column> IS NOT NULL` (so a validated one proves the
# column has no NULLs and SET NOT NULL can skip its table scan, PostgreSQL 12+).
check_proves_not_null(check, column) if {
	is_string(check)
	words := sql_words(check)
	col := lower(column)
	some k, w in words
	w == col
	words[k + 1] == "is"
	words[k + 2] == "not"
	words[k + 3] == "null"
}

# Each column that a CHECK of the file covers with `<column> IS NOT NULL`, as
# {"i": position, "table", "schema", "column" (lower case), "constraint", "not_valid"}.
# Computed once per file, so SET NOT NULL rules stay linear.
not_null_checks := [c |
	some k in positions_of("add_constraint")
	add := input.spec.statements[k]
	add.constraint_type == "check"
	is_string(add.check)
	words := sql_words(add.check)
	some w, word in words
	w > 0
	word == "is"
	words[w + 1] == "not"
	words[w + 2] == "null"
	c := {
		"i": k, "table": add.table, "schema": object.get(add, "schema", null), "column": words[w - 1],
		"constraint": object.get(add, "constraint", null), "not_valid": object.get(add, "not_valid", false) == true,
	}
]

# The file's VALIDATE CONSTRAINT operations, as {"i": position, "table", "schema", "constraint"}.
validations := [{"i": j, "table": v.table, "schema": object.get(v, "schema", null), "constraint": v.constraint} |
	some j in positions_of("validate_constraint")
	v := input.spec.statements[j]
]

# Whether, before position `i` of the file, PostgreSQL was made to know that `op.column` of
# `op.table` has no NULLs: a validated CHECK (<column> IS NOT NULL), or a VALIDATE CONSTRAINT of
# such a CHECK added earlier NOT VALID. (Positions in spec.statements.)
not_null_proven_before(i, op) if {
	some c in data.tollgate.lib.sql.not_null_checks
	c.i < i
	covers(c, op)
	c.not_valid == false
}

not_null_proven_before(i, op) if {
	some c in data.tollgate.lib.sql.not_null_checks
	c.i < i
	covers(c, op)
	is_string(c.constraint)
	some v in data.tollgate.lib.sql.validations
	v.i > c.i
	v.i < i
	v.constraint == c.constraint
	v.table == op.table
	v.schema == object.get(op, "schema", null)
}

covers(c, op) if {
	c.table == op.table
	c.schema == object.get(op, "schema", null)
	c.column == lower(op.column)
}

# ---- transactions ---------------------------------------------------------------------------

transaction_control_ops := {"begin", "commit", "rollback"}

# The file's BEGIN, COMMIT and ROLLBACK, in order, each {"i": position, "op": "begin"|...}.
transaction_ops := [{"i": i, "op": op.op} |
	judged
	some i, op in input.spec.statements
	transaction_control_ops[op.op]
]

# Whether positions j < i are inside one explicit transaction block (both in a transaction, and
# no BEGIN, COMMIT or ROLLBACK between them).
same_transaction(j, i) if {
	input.spec.statements[j].in_transaction == true
	input.spec.statements[i].in_transaction == true
	not control_between(j, i)
}

control_between(j, i) if {
	some t in data.tollgate.lib.sql.transaction_ops
	t.i > j
	t.i <= i
}

# ---- locks ----------------------------------------------------------------------------------

# Table locks from weakest to strongest of those in blocking_locks.
lock_rank := {"SHARE": 1, "SHARE ROW EXCLUSIVE": 2, "EXCLUSIVE": 3, "ACCESS EXCLUSIVE": 4}

# The strongest of a collection of lock names (each in lock_rank).
strongest_lock(locks) := l if {
	top := max({lock_rank[x] | some x in locks})
	some l, r in lock_rank
	r == top
}
