//! Metering of what one function call builds: a budget of bytes per call.
//!
//! Maps and lists are shared ([`Dict`](super::value::Dict), `Arc<Vec<Value>>`), so a value
//! can be a DAG whose printed or copied size is exponential in the work that built it:
//! `{{ range until 60 }}{{ $d = dict "l" $d "r" $d }}{{ end }}` is 60 cheap calls and a value
//! of 2^60 nodes. A depth limit does not bound a walk over such a value; what it has done does.
//!
//! The executor runs every function call, and every printing of a list or map into output,
//! in a [`metered`] scope of [`Limits::max_value_bytes`](super::template::Limits) bytes. Inside
//! it, everything that walks or builds a value [`spend`]s: recursive walkers (`%v`, `toYaml`,
//! `toJson`, `toToml`, `deepCopy`, `merge`) [`NODE`] per node they print or build plus the
//! bytes they write or copy, deep equality [`COMPARE`] or [`COMPARE_NODE`] per pair of nodes
//! it compares, [`StrBuilder`](super::value::StrBuilder) the bytes (and marks) it appends, and
//! functions whose result is a product of their arguments' sizes (`regexReplaceAll`,
//! `wrapWith`, `keys` of a map given many times) what they add. Once the budget is spent,
//! `spend` returns false and keeps returning false: a fallible walker returns an error, an
//! infallible one stops early and returns a partial result, and the executor, seeing
//! [`metered`] report the budget exceeded, turns the call into an execution error
//! (`error calling toYaml: value exceeds the limit of … bytes (max_value_bytes)`) whatever
//! the function returned.
//!
//! Outside a metered scope (loading a chart, coalescing values, unit tests of a function)
//! the budget is unlimited and [`spend`] always succeeds. The meter is thread-local: a
//! template execution runs on one thread.

use std::cell::Cell;
use std::mem::size_of;

use super::value::{Mark, Str, Value};

/// What a walker spends per node (scalar, list or map) it prints, serializes, merges or
/// copies, besides the bytes it writes: a proxy for the work per node, and about what a node
/// of a built tree takes.
pub(crate) const NODE: usize = 64;

/// What a copy of a map takes besides its entries: a B-tree leaf (room for 11 entries) and
/// the shared cell around it.
pub(crate) const MAP: usize = 11 * (size_of::<String>() + size_of::<Value>()) + 64;

/// What deep equality spends per pair of scalars it compares.
pub(crate) const COMPARE: usize = 1;

/// What deep equality spends per pair of lists or maps it compares (two locks, two walks).
pub(crate) const COMPARE_NODE: usize = 16;

/// The error of a fallible walker whose budget is spent (the executor reports the limit
/// instead).
pub(crate) const EXCEEDED: &str = "value too large";

/// What one mark of a string costs.
pub(crate) const MARK: usize = size_of::<Mark>();

#[derive(Clone, Copy)]
struct Meter {
    /// Inside a metered scope.
    metered: bool,
    /// Bytes left.
    left: usize,
    /// A spend failed.
    exceeded: bool,
}

const UNMETERED: Meter = Meter {
    metered: false,
    left: 0,
    exceeded: false,
};

thread_local! {
    static METER: Cell<Meter> = const { Cell::new(UNMETERED) };
}

/// Restores the meter of the enclosing scope (also when the metered code panics).
struct Restore(Meter);

impl Drop for Restore {
    fn drop(&mut self) {
        METER.with(|m| m.set(self.0));
    }
}

/// Runs `f` with a budget of `limit` bytes; returns its result and whether the budget was
/// exceeded (then the result may be partial and must not be used). Scopes nest: an inner
/// scope has a budget of its own, and the outer one resumes after it.
pub(crate) fn metered<T>(limit: usize, f: impl FnOnce() -> T) -> (T, bool) {
    let outer = METER.with(|m| {
        m.replace(Meter {
            metered: true,
            left: limit,
            exceeded: false,
        })
    });
    let _restore = Restore(outer);
    let r = f();
    (r, exhausted())
}

/// Spends `n` bytes of the budget: false when they are not left (and from then on, until the
/// scope ends). Always true outside a metered scope.
#[inline]
pub(crate) fn spend(n: usize) -> bool {
    METER.with(|m| {
        let mut s = m.get();
        if !s.metered {
            return true;
        }
        if s.exceeded || n > s.left {
            s.exceeded = true;
            s.left = 0;
            m.set(s);
            return false;
        }
        s.left -= n;
        m.set(s);
        true
    })
}

/// Whether the budget of the current scope has been exceeded.
#[inline]
pub(crate) fn exhausted() -> bool {
    METER.with(|m| m.get().exceeded)
}

/// The bytes a string takes: its text and its marks.
pub(crate) fn str_bytes(s: &Str) -> usize {
    s.text
        .len()
        .saturating_add(s.marks.len().saturating_mul(MARK))
}

/// Spends what was written to `out` since `seen` (a length of `out`); `seen` becomes the
/// current length.
#[inline]
pub(crate) fn spend_growth(out: &str, seen: &mut usize) -> bool {
    let grown = out.len().saturating_sub(*seen);
    *seen = out.len();
    spend(grown)
}

/// Spends [`NODE`] and what a walker wrote to `out` since `seen` (see [`spend_growth`]).
#[inline]
pub(crate) fn spend_written(out: &str, seen: &mut usize) -> bool {
    let grown = out.len().saturating_sub(*seen);
    *seen = out.len();
    spend(NODE.saturating_add(grown))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unlimited_outside_a_scope_and_sticky_inside() {
        assert!(spend(usize::MAX));
        let ((), over) = metered(100, || {
            assert!(spend(60));
            assert!(!spend(60));
            // Once exceeded, even a small spend fails.
            assert!(!spend(1));
        });
        assert!(over);
        assert!(spend(usize::MAX) && !exhausted());
        let ((inner, resumed), outer) = metered(10, || {
            assert!(spend(5));
            let ((), inner) = metered(1, || {
                spend(2);
            });
            // The outer scope resumes with what it had left.
            (inner, spend(5) && !spend(1))
        });
        assert!(inner && resumed && outer);
    }
}
