//! Name references, fixed once at the top of a build (kustomize's `nameReferenceTransformer`
//! and `api/filters/nameref`): a field that names another object follows it when it was renamed
//! (`namePrefix`/`nameSuffix`, a hash suffix, a patch allowed to rename, a namespace change).
//!
//! Which fields name which kinds is the transformer configuration's `nameReference` list:
//! kustomize's defaults ([`super::namereference`], generated from kustomize's own table) merged
//! with `configurations` and `crds`. For each entry (a referred group/version/kind) and each of
//! its referrer field specs, every object whose original id the spec's group/version/kind
//! selects is a referrer; the field spec's path is walked as every field spec is
//! ([`fieldspecs::apply`], lists stepped through). What the path reaches is updated:
//!
//! - a scalar (`configMapRef.name`, an item of `rules[].resourceNames`) takes the name of the
//!   referral; a list is each of its items;
//! - a mapping (`subjects` items, a webhook's `clientConfig.service`) needs a `name`; its
//!   `namespace`, when it has one, narrows the candidates (to those whose original namespace
//!   it is, else whose current namespace it is), and the mapping takes the referral's name and,
//!   when the referral has one, its namespace.
//!
//! The referral is chosen as kustomize chooses it (`selectReferral`), among the objects the
//! referrer could refer to (all of them for a cluster-scoped referrer, such as a
//! ClusterRoleBinding or a webhook configuration; else the cluster-scoped ones, those in its
//! namespace and, for a RoleBinding, those in the namespaces of its ServiceAccount subjects):
//! one of the names it had before its current one is the value; one of its earlier ids is of
//! the referred kind (and, for `roleRef/name`, of the `roleRef`'s `apiGroup` and `kind`); for a
//! namespaced referrer, it is cluster-scoped, a ServiceAccount or in the referrer's namespace.
//! One left: that one. Several: those whose name prefixes and suffixes agree with the
//! referrer's (an empty list agreeing with any), then, if still several, those whose lists are
//! equal; several that all have the same name (and namespace, for a mapping) count as one;
//! otherwise the reference is ambiguous, an error.

use super::fieldspecs::{self, CreateKind, FieldSpec, NameBackRef};
use super::openapi::Scopes;
use super::{get_mut, set, str_at, string_node, KError, Res};
use crate::source::{Node, NodeValue};

/// What a namespace is for kustomize's comparisons (`ResId.EffectiveNamespace`).
pub(crate) const NOT_NAMESPACEABLE: &str = "_non_namespaceable_";

/// An id an object had before its current one (kustomize's `StorePreviousId`): its kind, name
/// and effective namespace then (group and version are always the current ones).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PrevId {
    pub kind: String,
    pub name: String,
    pub namespace: String,
}

/// kustomize's `EffectiveNamespace` of an id with namespace `ns`, of a type that is
/// cluster-scoped or not.
pub(crate) fn effective(ns: &str, cluster: bool) -> &str {
    if cluster {
        NOT_NAMESPACEABLE
    } else if ns.is_empty() {
        "default"
    } else {
        ns
    }
}

/// kustomize's `EffectiveNamespace` of an object's current id.
pub(crate) fn effective_namespace(r: &Res, scopes: &Scopes) -> String {
    effective(r.namespace(), scopes.cluster_scoped(r)).to_string()
}

/// Records the object's current id as a previous one (before a transformer changes it).
pub(crate) fn store_previous_id(r: &mut Res, scopes: &Scopes) {
    let id = PrevId {
        kind: r.kind().to_string(),
        name: r.name().to_string(),
        namespace: effective_namespace(r, scopes),
    };
    r.prev_ids.push(id);
}

/// A group/version/kind selector (kustomize's `Gvk.IsSelected`: the fields it sets are equal).
fn gvk_selected(group: &str, version: &str, kind: &str, sel: (&str, &str, &str)) -> bool {
    (sel.0.is_empty() || sel.0 == group)
        && (sel.1.is_empty() || sel.1 == version)
        && (sel.2.is_empty() || sel.2 == kind)
}

/// What the choice of a referral needs to know of an object (taken once: fixing references
/// changes no object's name or namespace).
struct Cand {
    group: String,
    version: String,
    kind: String,
    name: String,
    namespace: String,
    effective_ns: String,
    /// The effective namespace of its original id.
    original_ns: String,
    cluster: bool,
    prev_ids: Vec<PrevId>,
    prefixes: Vec<String>,
    suffixes: Vec<String>,
    id: String,
}

impl Cand {
    fn of(r: &Res, scopes: &Scopes) -> Self {
        let (prefixes, suffixes) = split_affixes(&r.affixes);
        let effective_ns = effective_namespace(r, scopes);
        Cand {
            group: r.group().to_string(),
            version: r.version().to_string(),
            kind: r.kind().to_string(),
            name: r.name().to_string(),
            namespace: r.namespace().to_string(),
            original_ns: r
                .prev_ids
                .first()
                .map_or_else(|| effective_ns.clone(), |p| p.namespace.clone()),
            effective_ns,
            cluster: scopes.cluster_scoped(r),
            prev_ids: r.prev_ids.clone(),
            prefixes,
            suffixes,
            id: r.id(),
        }
    }

    /// The kind of its original id.
    fn original_kind(&self) -> &str {
        self.prev_ids.first().map_or(&self.kind, |p| &p.kind)
    }

    fn prev_selected_by(&self, sel: (&str, &str, &str)) -> bool {
        self.prev_ids
            .iter()
            .any(|p| gvk_selected(&self.group, &self.version, &p.kind, sel))
    }
}

fn split_affixes(affixes: &[(String, String)]) -> (Vec<String>, Vec<String>) {
    let p = affixes
        .iter()
        .filter(|(p, _)| !p.is_empty())
        .map(|(p, _)| p.clone());
    let s = affixes
        .iter()
        .filter(|(_, s)| !s.is_empty())
        .map(|(_, s)| s.clone());
    (p.collect(), s.collect())
}

/// kustomize's `SameEndingSubSlice`: the shorter list ends the longer one (two empty lists
/// are equal; an empty and a non-empty one are not).
fn same_ending(a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() {
        return long.is_empty();
    }
    long.ends_with(short)
}

/// kustomize's `PrefixesSuffixesEquals`.
fn affixes_agree(a: &Cand, b: &Cand, allow_empty: bool) -> bool {
    if allow_empty {
        (a.prefixes.is_empty() || b.prefixes.is_empty() || same_ending(&a.prefixes, &b.prefixes))
            && (a.suffixes.is_empty()
                || b.suffixes.is_empty()
                || same_ending(&a.suffixes, &b.suffixes))
    } else {
        same_ending(&a.prefixes, &b.prefixes) && same_ending(&a.suffixes, &b.suffixes)
    }
}

/// One referrer field to fix: the field spec, and the kind it names.
struct Job<'a> {
    spec: &'a FieldSpec,
    target: (&'a str, &'a str, &'a str),
}

/// The referrer, its candidates and what is being updated.
struct Ctx<'a> {
    cands: &'a [Cand],
    referrer: &'a Cand,
    /// Indices into `cands` of the objects the referrer could refer to.
    subset: &'a [usize],
    path: &'a str,
    target: (&'a str, &'a str, &'a str),
    /// `roleRef`'s `apiGroup` and `kind`, for a `roleRef/name` field that has both.
    role_ref: Option<(String, String)>,
}

impl Ctx<'_> {
    /// kustomize's `selectReferral`: the candidate the reference `old` names, if any.
    fn select(
        &self,
        old: &str,
        candidates: &[usize],
        with_namespace: bool,
    ) -> Result<Option<usize>, String> {
        let c = &self.cands;
        let mut list: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&i| c[i].prev_ids.iter().any(|p| p.name == old))
            .filter(|&i| c[i].prev_selected_by(self.target))
            .filter(|&i| match &self.role_ref {
                Some((group, kind)) => c[i].prev_selected_by((group, "", kind)),
                None => true,
            })
            .filter(|&i| {
                self.referrer.cluster
                    || c[i].cluster
                    || c[i].kind == "ServiceAccount"
                    || c[i].effective_ns == self.referrer.effective_ns
            })
            .collect();
        if list.len() == 1 {
            return Ok(list.first().copied());
        }
        list.retain(|&i| affixes_agree(&c[i], self.referrer, true));
        if list.len() > 1 {
            list.retain(|&i| affixes_agree(&c[i], self.referrer, false));
        }
        match list.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(*one)),
            [first, rest @ ..] => {
                let f = &c[*first];
                if rest.iter().all(|&i| {
                    c[i].name == f.name && (!with_namespace || c[i].namespace == f.namespace)
                }) {
                    Ok(Some(*first))
                } else {
                    let ids: Vec<&str> = list.iter().map(|&i| c[i].id.as_str()).collect();
                    Err(format!(
                        "found multiple possible referrals: {}",
                        ids.join(", ")
                    ))
                }
            }
        }
    }

    fn set_scalar(&self, node: &mut Node) -> Result<(), String> {
        let old = fieldspecs::scalar_value(node);
        let Some(i) = self.select(&old, self.subset, false)? else {
            return Ok(());
        };
        let new = &self.cands[i].name;
        if *new != old {
            node.value = NodeValue::String(new.clone());
        }
        Ok(())
    }

    fn set_mapping(&self, node: &mut Node) -> Result<(), String> {
        let Some(name) = node.get("name") else {
            return Err("path config error; no 'name' field in node".to_string());
        };
        let old = fieldspecs::scalar_value(name);
        // kustomize's `filterMapCandidatesByNamespace`.
        let candidates: Vec<usize> = match node.get("namespace") {
            None => self.subset.to_vec(),
            Some(ns) => {
                let ns = fieldspecs::scalar_value(ns);
                let by_original: Vec<usize> = self
                    .subset
                    .iter()
                    .copied()
                    .filter(|&i| {
                        self.cands[i].original_ns != NOT_NAMESPACEABLE
                            && self.cands[i].original_ns == ns
                    })
                    .collect();
                if by_original.is_empty() {
                    self.subset
                        .iter()
                        .copied()
                        .filter(|&i| {
                            self.cands[i].effective_ns != NOT_NAMESPACEABLE
                                && self.cands[i].effective_ns == ns
                        })
                        .collect()
                } else {
                    by_original
                }
            }
        };
        let Some(i) = self.select(&old, &candidates, true)? else {
            return Ok(());
        };
        let referral = &self.cands[i];
        if referral.name == old && referral.namespace.is_empty() {
            return Ok(());
        }
        let span = node.get("name").map_or(node.span, |n| n.span);
        match get_mut(node, "name") {
            Some(n) => n.value = NodeValue::String(referral.name.clone()),
            None => set(node, "name", string_node(&referral.name, span), span),
        }
        if referral.namespace.is_empty() {
            return Ok(());
        }
        match get_mut(node, "namespace") {
            Some(n) => n.value = NodeValue::String(referral.namespace.clone()),
            None => set(
                node,
                "namespace",
                string_node(&referral.namespace, span),
                span,
            ),
        }
        Ok(())
    }

    /// kustomize's nameref `set`: on whatever the field spec's path reached.
    fn set(&self, node: &mut Node) -> Result<(), String> {
        match &mut node.value {
            NodeValue::Null => Ok(()),
            NodeValue::Map(_) => self.set_mapping(node),
            NodeValue::Seq(items) => {
                for item in items.iter_mut() {
                    match item.value {
                        NodeValue::Null => {}
                        NodeValue::Map(_) => self.set_mapping(item)?,
                        NodeValue::Seq(_) => {
                            return Err(
                                "a name reference list item is expected to be either a string or a map of string"
                                    .to_string(),
                            )
                        }
                        _ => self.set_scalar(item)?,
                    }
                }
                Ok(())
            }
            _ => self.set_scalar(node),
        }
    }
}

/// The namespaces of a RoleBinding's ServiceAccount subjects (kustomize's
/// `getNamespacesForRoleBinding`).
fn role_binding_namespaces(r: &Res) -> Result<Vec<String>, KError> {
    if r.kind() != "RoleBinding" {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for s in r.node.get("subjects").and_then(Node::as_seq).unwrap_or(&[]) {
        let (Some(ns), Some(kind)) = (s.get("namespace"), s.get("kind")) else {
            continue;
        };
        if kind.as_str() != Some("ServiceAccount") {
            continue;
        }
        match ns.as_str() {
            Some(n) => out.push(n.to_string()),
            None => {
                return Err(KError::at(
                    ns.span,
                    format!(
                        "Invalid Input: namespace is blank for resource \"{}\"",
                        r.id()
                    ),
                ))
            }
        }
    }
    Ok(out)
}

/// Fixes every name reference of `ra` (kustomize's `FixBackReferences`).
pub(super) fn fix(ra: &mut [Res], backrefs: &[NameBackRef], scopes: &Scopes) -> Result<(), KError> {
    let cands: Vec<Cand> = ra.iter().map(|r| Cand::of(r, scopes)).collect();
    // Nothing was ever renamed or moved: no reference can change.
    if cands.iter().all(|c| c.prev_ids.is_empty()) {
        return Ok(());
    }
    for (ri, r) in ra.iter_mut().enumerate() {
        let referrer = &cands[ri];
        let jobs: Vec<Job> = backrefs
            .iter()
            .flat_map(|nbr| {
                nbr.referrers.iter().map(move |spec| Job {
                    spec,
                    target: (&nbr.group, &nbr.version, &nbr.kind),
                })
            })
            .filter(|j| {
                gvk_selected(
                    &referrer.group,
                    &referrer.version,
                    referrer.original_kind(),
                    (&j.spec.group, &j.spec.version, &j.spec.kind),
                )
            })
            .collect();
        if jobs.is_empty() {
            continue;
        }
        // kustomize's `SubsetThatCouldBeReferencedByResource`.
        let rb_namespaces = role_binding_namespaces(r)?;
        let subset: Vec<usize> = (0..cands.len())
            .filter(|&i| {
                let c = &cands[i];
                referrer.cluster
                    || c.cluster
                    || c.effective_ns == referrer.effective_ns
                    || rb_namespaces.contains(&c.namespace)
            })
            .collect();
        for job in jobs {
            let role_ref = if job.spec.path.ends_with("roleRef/name") {
                match (
                    str_at(&r.node, &["roleRef", "apiGroup"]),
                    str_at(&r.node, &["roleRef", "kind"]),
                ) {
                    (Some(g), Some(k)) => Some((g.to_string(), k.to_string())),
                    _ => None,
                }
            } else {
                None
            };
            let ctx = Ctx {
                cands: &cands,
                referrer,
                subset: &subset,
                path: &job.spec.path,
                target: job.target,
                role_ref,
            };
            // The referrer's own group/version/kind: the spec matched its original id.
            let spec = FieldSpec {
                group: String::new(),
                version: String::new(),
                kind: String::new(),
                ..job.spec.clone()
            };
            let span = r.node.span;
            fieldspecs::apply(&mut r.node, &spec, CreateKind::None, span, &mut |n| {
                ctx.set(n)
            })
            .map_err(|m| {
                KError::at(
                    job.spec.span.unwrap_or(span),
                    format!(
                        "updating name reference in '{}' field of '{}': {m}",
                        ctx.path, referrer.id
                    ),
                )
            })?;
        }
    }
    Ok(())
}
