//! Strategic merge patches, applied exactly as kustomize 5.5 applies them.
//!
//! `patchesStrategicMerge` and `patches` holding a strategic-merge document do not go through
//! Kubernetes' `k8s.io/apimachinery/pkg/util/strategicpatch` in kustomize 5.5: they go through
//! kyaml's `merge2`, a walk over the base and the patch together, guided by the OpenAPI schema of
//! the object's type ([`super::merge_keys`], generated from the schema kustomize embeds:
//! Kubernetes 1.21.2). This module implements that walk's behaviour (not its code). Checked
//! against `kubectl kustomize` v5.5.0 (see the tests), it is:
//!
//! - **Maps** merge field by field; a `null` in the patch removes the field. Fields the patch
//!   adds come after the base's, in name order; a field the patch sets keeps its place.
//! - **Scalars and plain lists** are replaced by the patch's value (a plain list as written,
//!   nothing inside it is interpreted).
//! - **Merge lists** (schema `x-kubernetes-patch-strategy` containing `merge`): items are matched
//!   on `x-kubernetes-list-map-keys` when the schema has them (container ports on
//!   `containerPort` *and* `protocol`, Service ports on `port` and `protocol`), on
//!   `x-kubernetes-patch-merge-key` otherwise (containers, env and volumes on `name`, volume
//!   mounts on `mountPath`). Matching items merge; the result lists the patch's items first, in
//!   the patch's order, then the base items the patch did not name. Lists of scalars with a
//!   merge strategy (`finalizers`) are unioned, the patch's values first.
//! - **Directives**: `$patch: delete` removes a map or a list item (by its keys) or, at the top,
//!   the whole object (the result is then `null`); `$patch: replace` replaces a map or a list
//!   (`- $patch: replace` as a list's item) but does nothing at the top; `$patch: merge` is the
//!   default; any other `$patch` value is an error. `$setElementOrder/…`, `$retainKeys` and
//!   `$deleteFromPrimitiveList/…` are *not* directives for kustomize 5.5: they stay in the
//!   object as ordinary fields, as `kustomize build` prints them.
//! - **Kinds without a schema** (CRDs such as an Argo `Rollout` or a Flux `HelmRelease`): every
//!   list is replaced. Below such an object, or below a field the schema does not know, a map
//!   with the `apiVersion` and `kind` of a known type is merged with that type's schema.
//! - **Schemas** come from [`Schemas`]: the built-in table alone unless a kustomization's
//!   `openapi` field brings a schema file (see [`super::openapi`], which also says when the
//!   built-in and the custom definitions combine); then a CRD's merge keys come from the
//!   file's definitions.
//!
//! kyaml's own quirks are kept, since the rules must see what `kustomize build` produces: a
//! patch port without `protocol` does not match a base port that states one (the patch item is
//! dropped); `$patch: replace` on one item of a merge list has no effect; a merge-list item
//! without its merge key empties what was merged so far; a `- $patch: replace` item in a list
//! the base does not have stays in it; duplicates in a base merge list collapse; a `null`
//! written `key:` (nothing after the colon) in a base map the patch reaches is dropped, while
//! `key: null` stays.
//!
//! Provenance: the result keeps every node's span. A value the patch sets (a scalar, a replaced
//! list, an added field or item) is the patch's node, with the patch's spans; a merged map or
//! list keeps the base's span; what the patch does not touch keeps the base's spans.
//!
//! Not supported: per-field schemas from comments (`# {"$openapi": …}`) and kustomize's own
//! Kustomization types.

use std::collections::HashSet;

use super::openapi::{ListInfo, Sch, Schemas};
use crate::source::yaml::resolve_plain;
use crate::source::{Entry, Node, NodeValue};

/// How deep a walk may go before the patch is refused.
const MAX_DEPTH: usize = 200;

/// Applies a strategic merge patch (Kubernetes semantics) to `base`, a Kubernetes object of
/// `api_version`/`kind`, with the merge keys of `schemas`. Errors are messages (the caller adds
/// file and line).
///
/// The semantics are those of kustomize 5.5 (kyaml `merge2`), described in the module
/// documentation. When the patch deletes the object (`$patch: delete` at its top), `base`
/// becomes a `null` node: kustomize then drops the object. `$patch: replace` at the top changes
/// nothing, as in kustomize (which keeps the object it merged into). Like kustomize's merge, this
/// does not restore the object's `kind`, `metadata.name` or `metadata.namespace` should the
/// patch change them: kustomize's caller does that. On error, `base` is left unchanged.
pub(crate) fn strategic_merge(
    base: &mut Node,
    patch: &Node,
    api_version: &str,
    kind: &str,
    schemas: &Schemas,
) -> Result<(), String> {
    let mut walker = Walker {
        path: Vec::new(),
        schemas,
    };
    let schema = schemas
        .root(api_version, kind)
        .map_err(|e| walker.error(e))?;
    let mut dest = Some(base.clone());
    let mut patch_copy = patch.clone();
    let result = walker.walk(&mut dest, Patch::Node(&mut patch_copy), schema, 0)?;
    let deleted = Node {
        span: patch.span,
        value: NodeValue::Null,
    };
    match result {
        Res::Dest => *base = dest.unwrap_or(deleted),
        // kustomize's caller keeps the object it merged into, not the one the walk returns: a
        // `$patch: replace` at the top changes nothing.
        Res::Patch => {}
        Res::Clear => *base = deleted,
    }
    Ok(())
}

/// The patch's side of one step of the walk. The walk changes the patch's nodes in place, as
/// kyaml does (it takes `$patch` directives and nulls out of them), since a list's later items
/// are looked up in what earlier steps left.
enum Patch<'a> {
    /// The patch has nothing here.
    Absent,
    /// The patch's value.
    Node(&'a mut Node),
    /// The patch's value *is* the destination: once kyaml has taken a patch value whole
    /// (something the base lacks, or a `$patch: replace`), it goes on merging that value with
    /// itself, which takes its nulls and directives out and normalises its merge lists.
    Same,
}

/// The patch's side of a merge list.
enum PatchItems<'a> {
    Absent,
    Items(&'a mut Vec<Node>),
    Same,
}

/// Where one step's result is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Res {
    /// In the destination slot (changed in place).
    Dest,
    /// The patch's node (changed in place): it replaces the destination.
    Patch,
    /// Nowhere: the field or item is cleared.
    Clear,
}

/// A `$patch` directive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Directive {
    Delete,
    Replace,
    Merge,
}

/// The shape of a value, as YAML has it (`null` is none of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Map,
    List,
    Scalar,
}

impl Shape {
    fn of(node: &Node) -> Option<Shape> {
        match node.value {
            NodeValue::Null => None,
            NodeValue::Map(_) => Some(Shape::Map),
            NodeValue::Seq(_) => Some(Shape::List),
            _ => Some(Shape::Scalar),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Shape::Map => "a mapping",
            Shape::List => "a list",
            Shape::Scalar => "a scalar",
        }
    }
}

/// The walk's state: the path to the current value, for error messages, and the schemas.
struct Walker<'s> {
    path: Vec<String>,
    schemas: &'s Schemas,
}

impl<'s> Walker<'s> {
    /// Where the walk is, as `spec.template.spec.containers[name=app]`.
    fn at(&self) -> String {
        let mut out = String::new();
        for segment in &self.path {
            if !out.is_empty() && !segment.starts_with('[') {
                out.push('.');
            }
            out.push_str(segment);
        }
        if out.is_empty() {
            out.push_str("the object");
        }
        out
    }

    fn error(&self, message: impl std::fmt::Display) -> String {
        format!("strategic merge patch, at {}: {message}", self.at())
    }

    /// Merges `patch` into `dest` (absent when `None`) under `schema`, and says where the
    /// result is.
    fn walk(
        &mut self,
        dest: &mut Option<Node>,
        patch: Patch<'_>,
        schema: Option<Sch<'s>>,
        depth: usize,
    ) -> Result<Res, String> {
        if depth > MAX_DEPTH {
            return Err(self.error(format!("nested deeper than {MAX_DEPTH} levels")));
        }
        let patch_node: Option<&Node> = match &patch {
            Patch::Node(p) => Some(p),
            _ => None,
        };
        // Without a schema, a map naming a known apiVersion/kind brings its own.
        let schema = match schema {
            Some(s) => Some(s),
            None => self.own_schema(dest.iter().chain(patch_node))?,
        };
        let dest_shape = dest.as_ref().and_then(Shape::of);
        let patch_shape = match &patch {
            Patch::Node(p) => Shape::of(p),
            Patch::Same => dest_shape,
            Patch::Absent => None,
        };
        let Some(shape) = dest_shape.or(patch_shape) else {
            // Nothing but nulls: walked as a map is.
            return self.walk_map(dest, patch, schema, depth);
        };
        if let (Some(d), Some(p)) = (dest_shape, patch_shape) {
            if d != p {
                return Err(self.error(format!(
                    "wrong node kind: the object has {} and the patch {}",
                    d.name(),
                    p.name()
                )));
            }
        }
        match shape {
            Shape::Map => self.walk_map(dest, patch, schema, depth),
            Shape::Scalar => Ok(replace_value(dest, &patch)),
            Shape::List => {
                let list = match schema {
                    Some(s) => self.schemas.merge_list(s).map_err(|e| self.error(e))?,
                    None => None,
                };
                match list {
                    Some(list) => self.walk_merge_list(dest, patch, &list, depth),
                    None => Ok(replace_value(dest, &patch)),
                }
            }
        }
    }

    /// A map (or nothing but nulls): its directive first, then its fields.
    fn walk_map(
        &mut self,
        dest: &mut Option<Node>,
        patch: Patch<'_>,
        schema: Option<Sch<'s>>,
        depth: usize,
    ) -> Result<Res, String> {
        let written_null = dest.as_ref().is_some_and(is_written_null);
        match (dest.as_mut().filter(|d| !is_null(d)), patch) {
            // The base has no map here: the patch's, merged with itself.
            (None, Patch::Node(p)) => {
                // An unknown `$patch` value is no error here: it stays, as a field.
                if take_map_directive(p).ok().flatten() == Some(Directive::Delete) || is_null(p) {
                    return Ok(Res::Clear);
                }
                self.merge_fields(p, Patch::Same, schema, depth)?;
                Ok(Res::Patch)
            }
            // An explicit `null` of the base stays when the patch does not touch it.
            (None, Patch::Absent) if written_null => Ok(Res::Dest),
            (None, _) => Ok(Res::Clear),
            (Some(_), Patch::Node(p)) if is_null(p) => Ok(Res::Clear),
            (Some(d), Patch::Node(p)) => match take_map_directive(p).map_err(|e| self.error(e))? {
                Some(Directive::Delete) => Ok(Res::Clear),
                Some(Directive::Replace) => {
                    self.merge_fields(p, Patch::Same, schema, depth)?;
                    Ok(Res::Patch)
                }
                _ => {
                    self.merge_fields(d, Patch::Node(p), schema, depth)?;
                    Ok(Res::Dest)
                }
            },
            (Some(d), Patch::Same) => match take_map_directive(d).map_err(|e| self.error(e))? {
                Some(Directive::Delete) => Ok(Res::Clear),
                _ => {
                    self.merge_fields(d, Patch::Same, schema, depth)?;
                    Ok(Res::Dest)
                }
            },
            (Some(d), Patch::Absent) => {
                self.merge_fields(d, Patch::Absent, schema, depth)?;
                Ok(Res::Dest)
            }
        }
    }

    /// Merges every field of either side into `node`, in name order: a field the patch adds
    /// goes after the others, a field set keeps its place, a field cleared goes.
    fn merge_fields(
        &mut self,
        node: &mut Node,
        patch: Patch<'_>,
        schema: Option<Sch<'s>>,
        depth: usize,
    ) -> Result<(), String> {
        let NodeValue::Map(entries) = &mut node.value else {
            return Ok(());
        };
        let same = matches!(patch, Patch::Same);
        let mut patch_entries = match patch {
            Patch::Node(Node {
                value: NodeValue::Map(p),
                ..
            }) => Some(p),
            _ => None,
        };
        let mut names: Vec<String> = entries.iter().map(|e| e.key.clone()).collect();
        if let Some(p) = &patch_entries {
            names.extend(p.iter().map(|e| e.key.clone()));
        }
        names.sort();
        names.dedup();

        for name in names {
            let index = entries.iter().position(|e| e.key == name);
            let mut slot = index
                .and_then(|i| entries.get_mut(i))
                .map(|e| take_value(&mut e.value));
            let patch_entry = patch_entries
                .as_deref_mut()
                .and_then(|p| p.iter_mut().find(|e| e.key == name));
            let key_span = patch_entry.as_ref().map(|e| e.key_span);
            let child = match (same, patch_entry) {
                (true, _) => Patch::Same,
                (false, Some(e)) => Patch::Node(&mut e.value),
                (false, None) => Patch::Absent,
            };
            self.path.push(name.clone());
            let field = match schema {
                Some(s) => self.schemas.field(s, &name).map_err(|e| self.error(e)),
                None => Ok(None),
            };
            let res = field.and_then(|f| self.walk(&mut slot, child, f, depth + 1));
            self.path.pop();
            let value = match res? {
                Res::Dest => slot,
                Res::Patch if same => slot,
                Res::Patch => patch_entries
                    .as_deref()
                    .and_then(|p| p.iter().find(|e| e.key == name))
                    .map(|e| e.value.clone()),
                Res::Clear => None,
            };
            match (value, index) {
                (Some(v), Some(i)) => {
                    if let Some(e) = entries.get_mut(i) {
                        e.value = v;
                    }
                }
                (Some(v), None) => entries.push(Entry {
                    key: name,
                    key_span: key_span.unwrap_or(v.span),
                    value: v,
                }),
                (None, Some(i)) => {
                    entries.remove(i);
                }
                (None, None) => {}
            }
        }
        Ok(())
    }

    /// A list merged item by item (its schema's patch strategy contains `merge`).
    fn walk_merge_list(
        &mut self,
        dest: &mut Option<Node>,
        patch: Patch<'_>,
        list: &ListInfo<'s>,
        depth: usize,
    ) -> Result<Res, String> {
        match (dest.as_mut().filter(|d| !is_null(d)), patch) {
            // The base has no list here: the patch's list as written (a directive item stays in
            // it), merged with itself.
            (None, Patch::Node(p)) => {
                self.merge_list(p, Patch::Same, list, depth)?;
                Ok(Res::Patch)
            }
            (None, _) => Ok(Res::Clear),
            (Some(_), Patch::Node(p)) if is_null(p) => Ok(Res::Clear),
            (Some(d), Patch::Node(p)) => match take_list_directive(p).map_err(|e| self.error(e))? {
                Some(Directive::Delete) => Ok(Res::Clear),
                Some(Directive::Replace) => {
                    self.merge_list(p, Patch::Same, list, depth)?;
                    Ok(Res::Patch)
                }
                _ => {
                    self.merge_list(d, Patch::Node(p), list, depth)?;
                    Ok(Res::Dest)
                }
            },
            (Some(d), Patch::Same) => match take_list_directive(d).map_err(|e| self.error(e))? {
                Some(Directive::Delete) => Ok(Res::Clear),
                _ => {
                    self.merge_list(d, Patch::Same, list, depth)?;
                    Ok(Res::Dest)
                }
            },
            (Some(d), Patch::Absent) => {
                self.merge_list(d, Patch::Absent, list, depth)?;
                Ok(Res::Dest)
            }
        }
    }

    /// Merges the patch's items into the list `node`, by the list's keys or, for a list of
    /// scalars, by value.
    fn merge_list(
        &mut self,
        node: &mut Node,
        patch: Patch<'_>,
        list: &ListInfo<'s>,
        depth: usize,
    ) -> Result<(), String> {
        let NodeValue::Seq(dest) = &mut node.value else {
            return Ok(());
        };
        let patch = match patch {
            Patch::Node(Node {
                value: NodeValue::Seq(items),
                ..
            }) => PatchItems::Items(items),
            Patch::Same => PatchItems::Same,
            _ => PatchItems::Absent,
        };
        let keys = &list.keys;
        let item_schema = list.items;
        let tuples = key_values(keys, &patch, dest);
        let merged = if !tuples.is_empty() || !keys.is_empty() {
            self.merge_items(tuples, keys, dest, patch, item_schema, depth)?
        } else {
            // A list of scalars: the union of both lists' values.
            let values = scalar_values(&patch, dest);
            self.merge_items(values, &[String::new()], dest, patch, item_schema, depth)?
        };
        *dest = merged;
        Ok(())
    }

    /// Merges the items of a merge list one key tuple at a time (kyaml's
    /// `setAssociativeSequenceElements`): the merged items are collected patch-first, then the
    /// base's items are put back in by key. Items are merged in place, as kyaml does: later
    /// look-ups see what earlier ones left.
    fn merge_items(
        &mut self,
        mut tuples: Vec<Vec<String>>,
        keys: &[String],
        dest: &mut Vec<Node>,
        mut patch: PatchItems<'_>,
        item_schema: Option<Sch<'s>>,
        depth: usize,
    ) -> Result<Vec<Node>, String> {
        let mut added: Vec<Node> = Vec::new();
        if keys.len() > 1 {
            unify_tuples(&mut tuples);
        }
        let mut last_keys: Vec<String> = Vec::new();
        for values in &tuples {
            if values.is_empty() {
                continue;
            }
            let (valid_keys, valid_values) = valid_keys_of(&tuples, values, keys);
            last_keys.clone_from(&valid_keys);
            let (find_keys, find_values) = valid_keys_of(
                std::slice::from_ref(&valid_values),
                &valid_values,
                &valid_keys,
            );
            let dest_index =
                find_item(dest, &find_keys, &find_values).map_err(|e| self.error(e))?;
            let patch_index = match &patch {
                PatchItems::Items(items) => {
                    find_item(items, &find_keys, &find_values).map_err(|e| self.error(e))?
                }
                _ => None,
            };
            let mut slot = dest_index.and_then(|i| dest.get_mut(i)).map(take_value);
            let child = match &mut patch {
                PatchItems::Same if slot.is_some() => Patch::Same,
                PatchItems::Items(items) => match patch_index.and_then(|i| items.get_mut(i)) {
                    Some(p) => Patch::Node(p),
                    None => Patch::Absent,
                },
                _ => Patch::Absent,
            };
            self.path.push(item_label(&find_keys, &find_values));
            let res = self.walk(&mut slot, child, item_schema, depth + 1);
            self.path.pop();
            let res = res?;
            // The base's item stays changed whatever the outcome.
            if let (Some(i), Some(item)) = (dest_index, &slot) {
                if let Some(d) = dest.get_mut(i) {
                    *d = item.clone();
                }
            }
            let value = match (res, &patch) {
                (Res::Dest, _) | (Res::Patch, PatchItems::Same) => slot,
                (Res::Patch, PatchItems::Items(items)) => {
                    patch_index.and_then(|i| items.get(i)).cloned()
                }
                _ => None,
            };
            let mut item = match value {
                Some(v) if !is_null(&v) && !is_empty_map(&v) => v,
                _ => {
                    set_item(dest, None, &valid_keys, &valid_values).map_err(|e| self.error(e))?;
                    continue;
                }
            };
            // The item must carry its key values.
            for (key, value) in valid_keys.iter().zip(&valid_values) {
                if key.is_empty() || value.is_empty() {
                    continue;
                }
                let span = item.span;
                let NodeValue::Map(entries) = &mut item.value else {
                    return Err(self.error("wrong node kind: a merge list item is not a mapping"));
                };
                if !entries.iter().any(|e| &e.key == key) {
                    entries.push(Entry {
                        key: key.clone(),
                        key_span: span,
                        value: Node {
                            span,
                            value: resolve_plain(value),
                        },
                    });
                }
            }
            set_item(&mut added, Some(item), &valid_keys, &valid_values)
                .map_err(|e| self.error(e))?;
        }
        if tuples.is_empty() {
            return Ok(std::mem::take(dest));
        }
        put_back(added, std::mem::take(dest), &last_keys).map_err(|e| self.error(e))
    }
}

/// A scalar or a plain list: the patch's value, unless the patch has none here (a `null`
/// clears it).
fn replace_value(dest: &Option<Node>, patch: &Patch<'_>) -> Res {
    match patch {
        Patch::Node(p) if is_null(p) => Res::Clear,
        Patch::Node(_) => Res::Patch,
        Patch::Same | Patch::Absent if dest.is_some() => Res::Dest,
        Patch::Same | Patch::Absent => Res::Clear,
    }
}
impl<'s> Walker<'s> {
    /// The schema of the first of `nodes` that is a map naming a known `apiVersion` and
    /// `kind` (kyaml's `GetSchema` without a schema from above).
    fn own_schema<'n>(
        &self,
        nodes: impl Iterator<Item = &'n Node>,
    ) -> Result<Option<Sch<'s>>, String> {
        for node in nodes {
            let text = |key: &str| {
                node.get(key)
                    .filter(|v| !is_nil_or_empty(v))
                    .map(value_text)
            };
            let (Some(api_version), Some(kind)) = (text("apiVersion"), text("kind")) else {
                continue;
            };
            if api_version.is_empty() || kind.is_empty() {
                continue;
            }
            let schemas: &'s Schemas = self.schemas;
            if let Some(s) = schemas
                .root(&api_version, &kind)
                .map_err(|e| self.error(e))?
            {
                return Ok(Some(s));
            }
        }
        Ok(None)
    }
}

/// Takes a map's `$patch` directive out of it. An unknown value is an error (the map keeps it).
fn take_map_directive(node: &mut Node) -> Result<Option<Directive>, String> {
    let NodeValue::Map(entries) = &mut node.value else {
        return Ok(None);
    };
    let Some(index) = entries.iter().position(|e| e.key == "$patch") else {
        return Ok(None);
    };
    let directive = entries
        .get(index)
        .map(|e| parse_directive(&value_text(&e.value)))
        .transpose()?;
    entries.remove(index);
    Ok(directive)
}

/// Takes a list's directive out of it: the first mapping item with a `$patch` field, when that
/// is its only field (`- $patch: replace`). Every item with the same `$patch` value goes.
fn take_list_directive(node: &mut Node) -> Result<Option<Directive>, String> {
    let NodeValue::Seq(items) = &mut node.value else {
        return Ok(None);
    };
    let found = items.iter().find_map(|item| match &item.value {
        NodeValue::Map(entries) => entries
            .iter()
            .find(|e| e.key == "$patch")
            .map(|e| (entries.len(), value_text(&e.value))),
        _ => None,
    });
    let Some((fields, value)) = found else {
        return Ok(None);
    };
    if fields > 1 {
        return Ok(None);
    }
    let directive = parse_directive(&value)?;
    set_item(items, None, &["$patch".to_string()], &[value])?;
    Ok(Some(directive))
}

fn parse_directive(value: &str) -> Result<Directive, String> {
    match value {
        "delete" => Ok(Directive::Delete),
        "replace" => Ok(Directive::Replace),
        "merge" => Ok(Directive::Merge),
        other => Err(format!("unknown patch strategy '{other}'")),
    }
}

/// The key tuples of a merge list's items, the patch's first, each once (kyaml's
/// `elementValues`). A missing or empty key value is `""`.
fn key_values(keys: &[String], patch: &PatchItems<'_>, dest: &[Node]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for source in sources(patch, dest) {
        for item in source {
            let tuple: Vec<String> = keys
                .iter()
                .map(|k| match item.get(k) {
                    Some(v) if !is_nil_or_empty(v) => value_text(v),
                    _ => String::new(),
                })
                .collect();
            if tuple.is_empty() || !seen.insert(tuple.clone()) {
                continue;
            }
            out.push(tuple);
        }
    }
    out
}

/// The values of a list of scalars, the patch's first, each once.
fn scalar_values(patch: &PatchItems<'_>, dest: &[Node]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for source in sources(patch, dest) {
        for item in source {
            let text = value_text(item);
            if seen.insert(text.clone()) {
                out.push(vec![text]);
            }
        }
    }
    out
}

/// The patch's items, then the base's.
fn sources<'a>(patch: &'a PatchItems<'_>, dest: &'a [Node]) -> [&'a [Node]; 2] {
    let first: &[Node] = match patch {
        PatchItems::Items(items) => items,
        PatchItems::Same => dest,
        PatchItems::Absent => &[],
    };
    [first, dest]
}

/// With several keys, two tuples that agree where both have a value, and share at least one,
/// become one (a port without `protocol` and the same port with one). Later comparisons use
/// the first tuple as it was before its row of comparisons, as kyaml's `mergeValues` does.
fn unify_tuples(tuples: &mut [Vec<String>]) {
    for i in 0..tuples.len() {
        let first = tuples[i].clone();
        for j in 0..tuples.len() {
            if let Some(unified) = unify(&first, &tuples[j]) {
                tuples[i] = unified.clone();
                tuples[j] = unified;
            }
        }
    }
}

fn unify(a: &[String], b: &[String]) -> Option<Vec<String>> {
    if a.len() != b.len() {
        return None;
    }
    let mut common = false;
    let mut out = Vec::with_capacity(a.len());
    for (x, y) in a.iter().zip(b) {
        if x == y {
            common = true;
            out.push(x.clone());
        } else if !x.is_empty() && !y.is_empty() {
            return None;
        } else if x.is_empty() {
            out.push(y.clone());
        } else {
            out.push(x.clone());
        }
    }
    common.then_some(out)
}

/// The keys a tuple is matched on: those any of `tuples` has a value for (all of them when
/// none has), with the tuple's values for them (kyaml's `validateKeys`).
fn valid_keys_of(
    tuples: &[Vec<String>],
    values: &[String],
    keys: &[String],
) -> (Vec<String>, Vec<String>) {
    let valid: HashSet<&str> = tuples
        .iter()
        .flat_map(|t| t.iter().enumerate())
        .filter(|(_, v)| !v.is_empty())
        .filter_map(|(i, _)| keys.get(i).map(String::as_str))
        .collect();
    if valid.is_empty() {
        return (keys.to_vec(), values.to_vec());
    }
    let kept_keys = keys
        .iter()
        .filter(|k| valid.contains(k.as_str()))
        .cloned()
        .collect();
    let kept_values = values
        .iter()
        .enumerate()
        .filter(|(i, v)| !v.is_empty() || keys.get(*i).is_some_and(|k| valid.contains(k.as_str())))
        .map(|(_, v)| v.clone())
        .collect();
    (kept_keys, kept_values)
}

/// The first item whose fields `keys` have the texts `values` (kyaml's `ElementMatcher`); with
/// no key, the first item whose own text is `values[0]`.
fn find_item(items: &[Node], keys: &[String], values: &[String]) -> Result<Option<usize>, String> {
    let first_value = values.first().map_or("", String::as_str);
    if keys.first().is_none_or(|k| k.is_empty()) {
        return Ok(items
            .iter()
            .position(|item| value_text(item) == first_value));
    }
    for (i, item) in items.iter().enumerate() {
        if !matches!(item.value, NodeValue::Map(_)) {
            continue;
        }
        if keys.len() != values.len() {
            return Err("keys and values of a merge list item differ in number".into());
        }
        let all = keys
            .iter()
            .zip(values)
            .all(|(k, v)| item.get(k).is_some_and(|f| value_text(f) == *v));
        if all {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

/// Sets `element` in place of the items matching `keys`/`values`, or appends it when none
/// matches; with no element, removes the matching items (kyaml's `ElementSetter`). Null items
/// and empty maps are dropped on the way; with no values, non-matching items are dropped too.
fn set_item(
    items: &mut Vec<Node>,
    element: Option<Node>,
    keys: &[String],
    values: &[String],
) -> Result<(), String> {
    let empty = [String::new()];
    let keys = if keys.is_empty() { &empty[..] } else { keys };
    let mapping_setter = keys.first().is_some_and(|k| !k.is_empty())
        && values.first().is_some_and(|v| !v.is_empty());
    let mut out = Vec::with_capacity(items.len() + 1);
    let mut matched = false;
    for item in std::mem::take(items) {
        if is_null(&item) || is_empty_map(&item) {
            continue;
        }
        if mapping_setter && !matches!(item.value, NodeValue::Map(_)) {
            out.push(item);
            continue;
        }
        // kyaml keeps the last key's answer for keys beyond the values.
        let mut hit = false;
        let mut found = true;
        for (j, key) in keys.iter().enumerate() {
            if let Some(value) = values.get(j) {
                hit = field_matches(&item, key, value)?;
            }
            if !hit {
                found = false;
                break;
            }
        }
        if !found {
            if !values.is_empty() {
                out.push(item);
            }
            continue;
        }
        matched = true;
        if let Some(e) = &element {
            out.push(e.clone());
        }
    }
    *items = out;
    if let Some(e) = element {
        if !matched && !is_null(&e) {
            items.push(e);
        }
    }
    Ok(())
}

/// Whether `item` matches one key (kyaml's `FieldMatcher` with a string value): with no key,
/// the scalar's own text; else the field is present and, when `value` is not empty, has that
/// text.
fn field_matches(item: &Node, key: &str, value: &str) -> Result<bool, String> {
    if is_null(item) {
        return Ok(false);
    }
    if key.is_empty() {
        if Shape::of(item) != Some(Shape::Scalar) {
            return Err("wrong node kind: a list of scalars holds a mapping or a list".into());
        }
        return Ok(value_text(item) == value);
    }
    if !matches!(item.value, NodeValue::Map(_)) {
        return Err("wrong node kind: a merge list holds a scalar or a list".into());
    }
    Ok(item
        .get(key)
        .is_some_and(|f| value.is_empty() || value_text(f) == value))
}

/// Puts the base's items back into the merged ones by key (kyaml's `appendListNode`, the
/// patch-first direction kustomize uses): a matching item is replaced, others are appended.
fn put_back(mut merged: Vec<Node>, base: Vec<Node>, keys: &[String]) -> Result<Vec<Node>, String> {
    let Some(first) = keys.first() else {
        return Err("a merge list has no key".into());
    };
    if first.is_empty() {
        for item in base {
            let text = value_text(&item);
            set_item(&mut merged, Some(item), &[String::new()], &[text])?;
        }
        return Ok(merged);
    }
    for item in base {
        let mut values = Vec::new();
        for key in keys {
            let field = match &item.value {
                NodeValue::Null => None,
                NodeValue::Map(_) => item.get(key),
                _ => return Err("wrong node kind: a merge list holds a scalar or a list".into()),
            };
            match field {
                Some(f) => values.push(value_text(f)),
                // An item without the key is appended as it is (and set below as well).
                None => merged.push(item.clone()),
            }
        }
        if keys.len() > 1 {
            set_item(&mut merged, None, keys, &values)?;
        }
        set_item(&mut merged, Some(item), keys, &values)?;
    }
    Ok(merged)
}

/// How an item is named in error messages: `[name=app]`, `[containerPort=80,protocol=TCP]`.
fn item_label(keys: &[String], values: &[String]) -> String {
    let parts: Vec<String> = keys
        .iter()
        .zip(values)
        .map(|(k, v)| {
            if k.is_empty() {
                v.clone()
            } else {
                format!("{k}={v}")
            }
        })
        .collect();
    format!("[{}]", parts.join(","))
}

/// The text of a scalar as YAML wrote it (as near as the decoded value tells); `""` for maps
/// and lists, whose YAML node has no text.
fn value_text(node: &Node) -> String {
    match &node.value {
        NodeValue::Null if node.span.start == node.span.end => String::new(),
        NodeValue::Null => "null".to_string(),
        NodeValue::Bool(b) => b.to_string(),
        NodeValue::Int(i) => i.to_string(),
        NodeValue::Float(f) => f.to_string(),
        NodeValue::String(s) => s.clone(),
        NodeValue::Seq(_) | NodeValue::Map(_) => String::new(),
    }
}

fn is_null(node: &Node) -> bool {
    matches!(node.value, NodeValue::Null)
}

/// A `null` written as text (`null`, `~`), not an empty value (`key:`).
fn is_written_null(node: &Node) -> bool {
    is_null(node) && node.span.start < node.span.end
}

fn is_empty_map(node: &Node) -> bool {
    matches!(&node.value, NodeValue::Map(entries) if entries.is_empty())
}

/// `null`, an empty map or an empty list.
fn is_nil_or_empty(node: &Node) -> bool {
    match &node.value {
        NodeValue::Null => true,
        NodeValue::Map(entries) => entries.is_empty(),
        NodeValue::Seq(items) => items.is_empty(),
        _ => false,
    }
}

/// Moves a value out of its entry, leaving a `null` with the same span in its place.
fn take_value(value: &mut Node) -> Node {
    let span = value.span;
    std::mem::replace(
        value,
        Node {
            span,
            value: NodeValue::Null,
        },
    )
}

#[cfg(test)]
mod tests {
    //! Every expected result below is what the real kustomize printed for the same base and
    //! patch: `kubectl kustomize` v5.5.0 (`/work/shared/peers/kustomize-build.sh DIR`) on a
    //! folder holding `base.yaml`, `patch.yaml` and a `kustomization.yaml` of
    //! `resources: [base.yaml]` and `patches: [{path: patch.yaml}]`, its output converted to
    //! JSON. Key order is not compared (kustomize prints keys sorted); list order is.

    use super::super::merge_keys::{self, Schema};
    use super::super::openapi::merge_keys_of;
    use super::*;
    use crate::source::yaml::parse_yaml;
    use crate::source::{Limits, SourceFile, Span};
    use std::sync::Arc;

    /// Base and patch parsed from one file (base, `---`, patch), so that a span tells which of
    /// the two a node came from.
    struct Case {
        file: Arc<SourceFile>,
        base: Node,
        patch: Node,
        patch_start: usize,
    }

    fn case(base: &str, patch: &str) -> Case {
        let text = format!("{base}---\n{patch}");
        let patch_start = base.len() + 4;
        let file = SourceFile::new("case.yaml", "case.yaml", text);
        let mut docs = parse_yaml(&file, &Limits::default()).expect("test YAML parses");
        assert_eq!(docs.len(), 2, "a base and a patch");
        let patch = docs.pop().expect("patch");
        let base = docs.pop().expect("base");
        Case {
            file,
            base,
            patch,
            patch_start,
        }
    }

    impl Case {
        fn merge(&mut self) -> Result<(), String> {
            let text = |key: &str| {
                self.base
                    .get(key)
                    .and_then(Node::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            let (api_version, kind) = (text("apiVersion"), text("kind"));
            strategic_merge(
                &mut self.base,
                &self.patch,
                &api_version,
                &kind,
                &Schemas::builtin(),
            )
        }

        /// The node at a path of keys and list indexes ("0", "1", …).
        fn at(&self, path: &[&str]) -> &Node {
            let mut node = &self.base;
            for step in path {
                node = match &node.value {
                    NodeValue::Seq(items) => step.parse::<usize>().ok().and_then(|i| items.get(i)),
                    _ => node.get(step),
                }
                .unwrap_or_else(|| panic!("no {step} in {path:?}"));
            }
            node
        }

        fn text(&self, span: Span) -> &str {
            self.file.slice(span)
        }

        fn in_patch(&self, span: Span) -> bool {
            span.start >= self.patch_start
        }
    }

    /// Merges `patch` into `base` and compares the result with kustomize's, as JSON.
    fn check(base: &str, patch: &str, kustomize: &str) {
        let mut c = case(base, patch);
        c.merge().expect("the patch applies");
        let expected: serde_json::Value = serde_json::from_str(kustomize).expect("expected JSON");
        let got = c.base.to_json();
        assert_eq!(
            got,
            expected,
            "\n got: {}\nwant: {}",
            serde_json::to_string(&got).unwrap_or_default(),
            kustomize
        );
    }

    const DEPLOYMENT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
  finalizers: [a, b]
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: sidecar
        image: envoy:1
      - name: app
        image: app:1
        env:
        - name: A
          value: \"1\"
        - name: B
          value: \"2\"
        ports:
        - containerPort: 8080
          protocol: TCP
          name: http
        - containerPort: 9090
          name: metrics
";

    const DEPLOYMENT_PATCH: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  finalizers: [c, a]
  annotations:
    z: \"1\"
    a: \"2\"
spec:
  template:
    spec:
      containers:
      - name: app
        image: app:2
        env:
        - name: C
          value: \"3\"
        - name: A
          value: \"10\"
        ports:
        - containerPort: 8080
          protocol: UDP
        - containerPort: 9090
          name: prom
      - name: new
        image: new:1
";

    #[test]
    fn containers_env_and_ports_merge_by_key_patch_items_first() {
        // Containers and env by name; ports by containerPort *and* protocol (8080/UDP is a new
        // port, 9090 without protocol on both sides merges); finalizers are unioned.
        check(
            DEPLOYMENT,
            DEPLOYMENT_PATCH,
            r#"{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"annotations": {"a": "2", "z": "1"}, "finalizers": ["c", "a", "b"], "labels": {"app": "web"}, "name": "web"}, "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"env": [{"name": "C", "value": "3"}, {"name": "A", "value": "10"}, {"name": "B", "value": "2"}], "image": "app:2", "name": "app", "ports": [{"containerPort": 8080, "protocol": "UDP"}, {"containerPort": 8080, "name": "http", "protocol": "TCP"}, {"containerPort": 9090, "name": "prom"}]}, {"image": "new:1", "name": "new"}, {"image": "envoy:1", "name": "sidecar"}]}}}}"#,
        );
    }

    #[test]
    fn a_patch_port_without_protocol_misses_a_base_port_with_one() {
        // kyaml quirk, kept: neither patch port changes anything.
        check(
            "\
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    image: a
    ports:
    - {containerPort: 8080, protocol: TCP, name: http}
    - {containerPort: 80}
    - {containerPort: 80, protocol: UDP, name: dns}
",
            "\
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    ports:
    - {containerPort: 8080, name: web}
    - {containerPort: 80, name: plain}
",
            r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"image": "a", "name": "app", "ports": [{"containerPort": 8080, "name": "http", "protocol": "TCP"}, {"containerPort": 80}, {"containerPort": 80, "name": "dns", "protocol": "UDP"}]}]}}"#,
        );
    }

    #[test]
    fn service_ports_merge_by_port_and_protocol() {
        check(
            "\
apiVersion: v1
kind: Service
metadata:
  name: svc
spec:
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: 8080, protocol: TCP}
  - {name: dns, port: 53, protocol: UDP}
",
            "\
apiVersion: v1
kind: Service
metadata:
  name: svc
spec:
  type: LoadBalancer
  ports:
  - {name: http, port: 80, targetPort: 9090, protocol: TCP}
  - {name: https, port: 443, targetPort: 8443, protocol: TCP}
",
            r#"{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "svc"}, "spec": {"ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 8443}, {"name": "http", "port": 80, "protocol": "TCP", "targetPort": 9090}, {"name": "dns", "port": 53, "protocol": "UDP"}], "selector": {"app": "web"}, "type": "LoadBalancer"}}"#,
        );
    }

    #[test]
    fn patch_delete_and_replace_on_maps_items_and_volumes() {
        // `$patch: replace` on a map, `$patch: delete` on a map, a container, a volume mount
        // (by mountPath) and a volume (by name); a volume's configMap merges, its items list
        // (no merge key) is replaced.
        check(
            "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  template:
    spec:
      securityContext:
        runAsNonRoot: true
        fsGroup: 2000
      containers:
      - name: sidecar
        image: envoy:1
      - name: app
        image: app:1
        volumeMounts:
        - {name: data, mountPath: /data}
        - {name: tmp, mountPath: /tmp}
      volumes:
      - name: data
        emptyDir: {}
      - name: tmp
        emptyDir: {medium: Memory}
      - name: cfg
        configMap:
          name: cfg
          items:
          - {key: a, path: a}
",
            "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  strategy:
    $patch: replace
    type: Recreate
  template:
    spec:
      securityContext:
        $patch: delete
      containers:
      - name: sidecar
        $patch: delete
      - name: app
        volumeMounts:
        - mountPath: /tmp
          $patch: delete
        - {name: cache, mountPath: /cache}
      volumes:
      - name: data
        $patch: delete
      - name: cfg
        configMap:
          items:
          - {key: b, path: b}
      - name: cache
        emptyDir: {}
",
            r#"{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"strategy": {"type": "Recreate"}, "template": {"spec": {"containers": [{"image": "app:1", "name": "app", "volumeMounts": [{"mountPath": "/cache", "name": "cache"}, {"mountPath": "/data", "name": "data"}]}], "volumes": [{"configMap": {"items": [{"key": "b", "path": "b"}], "name": "cfg"}, "name": "cfg"}, {"emptyDir": {}, "name": "cache"}, {"emptyDir": {"medium": "Memory"}, "name": "tmp"}]}}}}"#,
        );
    }

    #[test]
    fn list_level_replace_and_delete() {
        check(
            "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: sidecar
        image: envoy:1
      - name: app
        image: app:1
      imagePullSecrets:
      - name: a
",
            "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - $patch: replace
      - name: only
        image: only:1
      imagePullSecrets:
      - $patch: delete
",
            r#"{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"spec": {"containers": [{"image": "only:1", "name": "only"}]}}}}"#,
        );
    }

    #[test]
    fn null_removes_a_field_and_nulls_in_added_values_go() {
        // `hostname: null` removes a scalar, `securityContext: null` a map, `workingDir: null`
        // a scalar of an item; nulls inside an added item or map go (`valueFrom`, `memory`),
        // but not inside an added plain list (`tolerations`: kept as written). The base's
        // `nodeName: null` stays; its empty `subdomain:` and `args:` go. `schedulingGates`
        // (Kubernetes 1.26+) has no merge key in kustomize 5.5's schema: replaced.
        check(
            "\
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  schedulingGates:
  - name: g1
  hostname: h
  subdomain:
  nodeName: null
  containers:
  - name: app
    image: a
    resources: {}
    args:
    workingDir: /w
    securityContext:
      runAsUser: 1
",
            "\
apiVersion: v1
kind: Pod
metadata:
  name: p
  labels:
    x: null
    yy: \"1\"
spec:
  hostname: null
  schedulingGates:
  - name: g2
  containers:
  - name: app
    workingDir: null
    securityContext: null
    resources:
      limits: {cpu: 1, memory: null}
    env:
    - name: E
      value: x
      valueFrom: null
  tolerations:
  - key: k
    effect: null
",
            r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"labels": {"yy": "1"}, "name": "p"}, "spec": {"containers": [{"env": [{"name": "E", "value": "x"}], "image": "a", "name": "app", "resources": {"limits": {"cpu": 1}}}], "nodeName": null, "schedulingGates": [{"name": "g2"}], "tolerations": [{"effect": null, "key": "k"}]}}"#,
        );
    }

    #[test]
    fn k8s_only_directives_stay_as_fields() {
        // kustomize 5.5 does not implement $setElementOrder, $retainKeys or
        // $deleteFromPrimitiveList: they stay in the object, which changes nothing else.
        check(
            "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  finalizers: [a, b, c]
spec:
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
  template:
    spec:
      containers:
      - name: sidecar
        image: envoy:1
        args: [x, y]
      - name: app
        image: app:1
",
            "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  $deleteFromPrimitiveList/finalizers: [b]
spec:
  strategy:
    $retainKeys: [type]
    type: Recreate
  template:
    spec:
      $setElementOrder/containers:
      - name: app
      - name: sidecar
      containers:
      - name: sidecar
        args: [z]
",
            r#"{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"$deleteFromPrimitiveList/finalizers": ["b"], "finalizers": ["a", "b", "c"], "name": "web"}, "spec": {"strategy": {"$retainKeys": ["type"], "rollingUpdate": {"maxSurge": 1}, "type": "Recreate"}, "template": {"spec": {"$setElementOrder/containers": [{"name": "app"}, {"name": "sidecar"}], "containers": [{"args": ["z"], "image": "envoy:1", "name": "sidecar"}, {"image": "app:1", "name": "app"}]}}}}"#,
        );
    }

    #[test]
    fn crd_lists_are_replaced_but_an_embedded_builtin_kind_merges() {
        // An Argo Rollout has no schema: its containers list is replaced. The embedded map
        // naming apps/v1 Deployment is merged with the Deployment schema (containers by name).
        check(
            "\
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: r
spec:
  template:
    spec:
      containers:
      - name: side
        image: s
      - name: app
        image: a
        env:
        - {name: A, value: \"1\"}
  strategy:
    canary:
      steps:
      - setWeight: 20
      - pause: {}
  embedded:
    apiVersion: apps/v1
    kind: Deployment
    spec:
      template:
        spec:
          containers:
          - name: x
            image: x
",
            "\
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: r
  finalizers: [f]
spec:
  template:
    spec:
      containers:
      - name: app
        image: b
  strategy:
    canary:
      maxSurge: 1
  embedded:
    spec:
      template:
        spec:
          containers:
          - name: why
            image: why
",
            r#"{"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": {"finalizers": ["f"], "name": "r"}, "spec": {"embedded": {"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"template": {"spec": {"containers": [{"image": "why", "name": "why"}, {"image": "x", "name": "x"}]}}}}, "strategy": {"canary": {"maxSurge": 1, "steps": [{"setWeight": 20}, {"pause": {}}]}}, "template": {"spec": {"containers": [{"image": "b", "name": "app"}]}}}}"#,
        );
    }

    #[test]
    fn helm_release_values_lists_are_replaced() {
        check(
            "\
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: podinfo
  namespace: apps
spec:
  interval: 10m
  chart:
    spec:
      chart: podinfo
      version: 6.x
      sourceRef: {kind: HelmRepository, name: podinfo}
  values:
    replicaCount: 1
    ingress:
      enabled: true
      hosts:
      - host: a.example.com
        paths: [{path: /, pathType: Prefix}]
  valuesFrom:
  - kind: ConfigMap
    name: common
",
            "\
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: podinfo
  namespace: apps
spec:
  chart:
    spec:
      version: 6.5.0
  values:
    replicaCount: 3
    ingress:
      hosts:
      - host: b.example.com
  valuesFrom:
  - kind: Secret
    name: extra
",
            r#"{"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease", "metadata": {"name": "podinfo", "namespace": "apps"}, "spec": {"chart": {"spec": {"chart": "podinfo", "sourceRef": {"kind": "HelmRepository", "name": "podinfo"}, "version": "6.5.0"}}, "interval": "10m", "values": {"ingress": {"enabled": true, "hosts": [{"host": "b.example.com"}]}, "replicaCount": 3}, "valuesFrom": [{"kind": "Secret", "name": "extra"}]}}"#,
        );
    }

    #[test]
    fn plain_lists_are_replaced_maps_merged() {
        // tolerations (no patch strategy in the schema) and args are replaced; nodeSelector
        // merges.
        check(
            "\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ds
spec:
  template:
    spec:
      tolerations:
      - {key: a, operator: Exists}
      nodeSelector: {disk: ssd}
      containers:
      - name: c
        image: c
        args: [--a, --b]
",
            "\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ds
spec:
  template:
    spec:
      tolerations:
      - {key: b, operator: Exists}
      nodeSelector: {zone: z1}
      containers:
      - name: c
        args: [--c]
",
            r#"{"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "ds"}, "spec": {"template": {"spec": {"containers": [{"args": ["--c"], "image": "c", "name": "c"}], "nodeSelector": {"disk": "ssd", "zone": "z1"}, "tolerations": [{"key": "b", "operator": "Exists"}]}}}}"#,
        );
    }

    #[test]
    fn cronjob_job_template_containers_merge() {
        check(
            "\
apiVersion: batch/v1
kind: CronJob
metadata: {name: cj}
spec:
  schedule: \"*/5 * * * *\"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: job
            image: job:1
            env:
            - {name: A, value: a}
",
            "\
apiVersion: batch/v1
kind: CronJob
metadata: {name: cj}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: job
            env:
            - {name: B, value: b}
          - name: helper
            image: helper:1
            env:
            - {name: X, value: null}
",
            r#"{"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "cj"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"env": [{"name": "B", "value": "b"}, {"name": "A", "value": "a"}], "image": "job:1", "name": "job"}, {"env": [{"name": "X"}], "image": "helper:1", "name": "helper"}], "restartPolicy": "OnFailure"}}}}, "schedule": "*/5 * * * *"}}"#,
        );
    }

    #[test]
    fn directives_in_lists_and_maps_the_base_lacks() {
        // kyaml quirks, kept: in a merge list the base lacks, `- $patch: replace` stays and the
        // named items go; in a plain list it stays as written. In a map the base lacks,
        // `$patch: delete` on a child map removes it and nulls go.
        check(
            "\
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    image: a
",
            "\
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - $patch: replace
  - name: init
    image: i
  - name: gone
    $patch: delete
  tolerations:
  - $patch: replace
  - key: a
    operator: Exists
  imagePullSecrets:
  - name: reg
  securityContext:
    runAsUser: 5
    fsGroup: null
    seLinuxOptions:
      $patch: delete
",
            r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"image": "a", "name": "app"}], "imagePullSecrets": [{"name": "reg"}], "initContainers": [{"$patch": "replace"}], "securityContext": {"runAsUser": 5}, "tolerations": [{"$patch": "replace"}, {"key": "a", "operator": "Exists"}]}}"#,
        );
    }

    #[test]
    fn kyaml_item_quirks_are_kept() {
        // `$patch: replace` on one item changes nothing (but the item moves first).
        check(
            "\
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: side
    image: s
  - name: app
    image: a
    command: [x]
",
            "\
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    $patch: replace
    image: b
",
            r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"command": ["x"], "image": "a", "name": "app"}, {"image": "s", "name": "side"}]}}"#,
        );
        // An item without its merge key empties the list.
        check(
            "\
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: side
    image: s
  - name: app
    image: a
",
            "\
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - image: noname
",
            r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": []}}"#,
        );
        // Duplicates in the base's merge lists collapse, even where the patch does not reach.
        check(
            "\
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    image: a
    ports:
    - {containerPort: 80}
    - {containerPort: 80, protocol: UDP}
    args: [a, a]
  - name: app
    image: dup
  hostAliases:
  - ip: 1.1.1.1
  - ip: 1.1.1.1
    hostnames: [a]
",
            "\
apiVersion: v1
kind: Pod
metadata: {name: p, labels: {a: b}}
",
            r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"labels": {"a": "b"}, "name": "p"}, "spec": {"containers": [{"image": "dup", "name": "app"}], "hostAliases": [{"hostnames": ["a"], "ip": "1.1.1.1"}]}}"#,
        );
    }

    #[test]
    fn directives_at_the_top() {
        // `$patch: delete`: kustomize prints nothing for the object.
        let mut c = case(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n$patch: delete\n",
        );
        c.merge().expect("applies");
        assert_eq!(c.base.value, NodeValue::Null);
        // `$patch: replace`: kustomize prints the object unchanged.
        check(
            "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: o}
spec:
  template:
    spec:
      containers:
      - {name: a, image: i}
",
            "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: o, finalizers: [f2]}
$patch: replace
",
            r#"{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "o"}, "spec": {"template": {"spec": {"containers": [{"image": "i", "name": "a"}]}}}}"#,
        );
    }

    #[test]
    fn errors_name_the_place_and_leave_the_base_alone() {
        // kustomize: "wrong node kind: expected ScalarNode but got MappingNode".
        let base = "\
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    image: a
";
        let mut c = case(
            base,
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: app\n    image: {a: 1}\n",
        );
        let before = c.base.clone();
        let err = c.merge().expect_err("a mapping over a scalar");
        assert!(err.contains("spec.containers[name=app].image"), "{err}");
        assert!(err.contains("wrong node kind"), "{err}");
        assert_eq!(c.base, before);

        // kustomize: "unknown patch strategy 'remove'".
        let mut c = case(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: \"1\"}\n",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  $patch: remove\n",
        );
        let err = c.merge().expect_err("unknown directive");
        assert!(
            err.contains("at data: unknown patch strategy 'remove'"),
            "{err}"
        );
    }

    #[test]
    fn depth_is_limited() {
        let deep = |n: usize| {
            let mut node = Node {
                span: Span::default(),
                value: NodeValue::Int(1),
            };
            for _ in 0..n {
                node = Node {
                    span: Span::default(),
                    value: NodeValue::Map(vec![Entry {
                        key: "a".into(),
                        key_span: Span::default(),
                        value: node,
                    }]),
                };
            }
            node
        };
        let mut base = deep(300);
        let err = strategic_merge(
            &mut base,
            &deep(300),
            "v1",
            "ConfigMap",
            &Schemas::builtin(),
        )
        .expect_err("too deep");
        assert!(err.contains("nested deeper than 200 levels"), "{err}");
        let mut base = deep(150);
        strategic_merge(
            &mut base,
            &deep(150),
            "v1",
            "ConfigMap",
            &Schemas::builtin(),
        )
        .expect("150 levels merge");
    }

    #[test]
    fn spans_point_at_the_line_that_set_each_value() {
        let mut c = case(DEPLOYMENT, DEPLOYMENT_PATCH);
        c.merge().expect("applies");
        let containers = ["spec", "template", "spec", "containers"];
        let app = [&containers[..], &["0"]].concat();

        // A scalar the patch sets is the patch's node.
        let image = c.at(&[&app[..], &["image"]].concat());
        assert_eq!(c.text(image.span), "app:2");
        assert!(c.in_patch(image.span));
        // A merged map and a merged list keep the base's spans…
        let app_node = c.at(&app);
        assert!(!c.in_patch(app_node.span));
        assert!(!c.in_patch(c.at(&containers).span));
        // …and their untouched values too.
        let b = c.at(&[&app[..], &["env", "2", "value"]].concat());
        assert_eq!(c.text(b.span), "\"2\"");
        assert!(!c.in_patch(b.span));
        let replicas = c.at(&["spec", "replicas"]);
        assert_eq!(c.text(replicas.span), "1");
        assert!(!c.in_patch(replicas.span));
        // An env value the patch sets, an item and a field it adds, are the patch's.
        let a = c.at(&[&app[..], &["env", "1", "value"]].concat());
        assert_eq!(c.text(a.span), "\"10\"");
        assert!(c.in_patch(a.span));
        let new = c.at(&[&containers[..], &["1"]].concat());
        assert!(c.in_patch(new.span));
        assert_eq!(
            c.text(c.at(&[&containers[..], &["1", "image"]].concat()).span),
            "new:1"
        );
        let annotations = c
            .base
            .get("metadata")
            .and_then(|m| m.entry("annotations"))
            .expect("annotations added");
        assert_eq!(c.text(annotations.key_span), "annotations");
        assert!(c.in_patch(annotations.key_span));
        assert!(c.in_patch(annotations.value.span));
        // A field the patch sets keeps the base's key.
        let image_entry = c.at(&app).entry("image").expect("image");
        assert!(!c.in_patch(image_entry.key_span));
    }

    #[test]
    fn the_table_is_sorted_and_complete() {
        // Binary searches rely on the generated order.
        use merge_keys::{DEFINITIONS, ROOTS};
        assert!(ROOTS
            .windows(2)
            .all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1)));
        assert!(DEFINITIONS.windows(2).all(|w| w[0].name < w[1].name));
        for d in DEFINITIONS {
            assert!(d.fields.windows(2).all(|w| w[0].0 < w[1].0), "{}", d.name);
            for (field, schema) in d.fields {
                let target = match schema {
                    Schema::Object(t) => Some(*t),
                    Schema::Map(Schema::Object(t)) => Some(*t),
                    Schema::List(l) => l.items,
                    _ => None,
                };
                if let Some(t) = target {
                    assert!(
                        merge_keys::definition(t).is_some(),
                        "{}.{field} -> {t}",
                        d.name
                    );
                }
            }
        }
        for (_, _, name) in ROOTS {
            assert!(merge_keys::definition(name).is_some(), "{name}");
        }
    }

    /// The built-in table's schema of field `name` of a value of `schema`.
    fn field_schema(schema: Option<Schema>, name: &str) -> Option<Schema> {
        match schema? {
            Schema::Object(definition) => merge_keys::definition(definition)?.field(name),
            Schema::Map(value) => Some(*value),
            Schema::Opaque | Schema::List(_) => None,
        }
    }

    #[test]
    fn the_builtin_schemas_walk_the_table() {
        let s = Schemas::builtin();
        let mut at = s.root("apps/v1", "Deployment").expect("no error");
        for f in ["spec", "template", "spec", "containers"] {
            at = s.field(at.expect("a schema"), f).expect("no error");
        }
        let list = s
            .merge_list(at.expect("a schema"))
            .expect("no error")
            .expect("a merge list");
        assert_eq!(list.keys, ["name"]);
        let ports = s
            .field(list.items.expect("items"), "ports")
            .expect("no error")
            .expect("a schema");
        let ports = s
            .merge_list(ports)
            .expect("no error")
            .expect("a merge list");
        assert_eq!(ports.keys, ["containerPort", "protocol"]);
        assert!(s
            .root("argoproj.io/v1alpha1", "Rollout")
            .expect("ok")
            .is_none());
    }

    #[test]
    fn the_table_resolves_nested_types() {
        let root = |av, kind| merge_keys::root(av, kind).map(Schema::Object);
        let path = |mut s: Option<Schema>, fields: &[&str]| {
            for f in fields {
                s = field_schema(s, f);
            }
            s
        };
        let deploy = root("apps/v1", "Deployment");
        assert_eq!(
            deploy,
            Some(Schema::Object("io.k8s.api.apps.v1.Deployment"))
        );
        let Some(Schema::List(containers)) =
            path(deploy, &["spec", "template", "spec", "containers"])
        else {
            panic!("containers is a merge list");
        };
        assert_eq!(
            (containers.patch_strategy, containers.merge_key),
            ("merge", "name")
        );
        assert_eq!(containers.items, Some("io.k8s.api.core.v1.Container"));
        let ports = field_schema(containers.items.map(Schema::Object), "ports");
        let Some(Schema::List(ports)) = ports else {
            panic!("ports is a merge list");
        };
        assert_eq!(merge_keys_of(&ports), ["containerPort", "protocol"]);
        let Some(Schema::List(volumes)) = path(deploy, &["spec", "template", "spec", "volumes"])
        else {
            panic!("volumes is a merge list");
        };
        assert_eq!(volumes.patch_strategy, "merge,retainKeys");
        let Some(Schema::List(finalizers)) = path(deploy, &["metadata", "finalizers"]) else {
            panic!("finalizers is a merge list");
        };
        assert!(merge_keys_of(&finalizers).is_empty());
        // Kubernetes 1.21's schema: no schedulingGates, tolerations have no strategy.
        assert_eq!(
            path(deploy, &["spec", "template", "spec", "schedulingGates"]),
            None
        );
        assert_eq!(
            path(deploy, &["spec", "template", "spec", "tolerations"]),
            None
        );
        let job = path(
            root("batch/v1", "CronJob"),
            &["spec", "jobTemplate", "spec", "template", "spec"],
        );
        assert_eq!(job, Some(Schema::Object("io.k8s.api.core.v1.PodSpec")));
        assert_eq!(root("argoproj.io/v1alpha1", "Rollout"), None);
        assert_eq!(
            path(root("apps/v1", "ControllerRevision"), &["data"]),
            Some(Schema::Opaque)
        );
    }
}
