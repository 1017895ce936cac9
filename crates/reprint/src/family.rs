//! The family stage: reprint edges in, families of documents telling one
//! story out, each with its original and each document's role.
//!
//! Families are the connected components of the reprint edges (union-find;
//! shared quotes and boilerplate link nothing). A family's original is the
//! member that is the original of some edge and the copy of none; when
//! several qualify, the earliest dated; when that still leaves more than one,
//! or none qualifies, the family's original is unknown. A family whose
//! original is unknown, and whose members are siblings carrying one outside
//! source (an agency's dispatch not in the corpus), names that source.

use serde::Serialize;

use crate::clean::PubDate;

/// A reprint between two documents, by index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    /// The first document (the original when `directed`).
    pub a: usize,
    /// The second document.
    pub b: usize,
    /// Whether `a` is known to be the original.
    pub directed: bool,
}

/// A document's place in the families.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The original of its family.
    Original,
    /// A copy in a family whose original is known.
    Copy,
    /// In no family: nothing reprints it and it reprints nothing.
    Unique,
    /// In a family whose original could not be told.
    Undetermined,
}

impl Role {
    /// The role's name as the outputs write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Original => "original",
            Role::Copy => "copy",
            Role::Unique => "unique",
            Role::Undetermined => "undetermined",
        }
    }
}

/// One family of documents telling one story.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Family {
    /// The family's number, from 0, in order of its first member.
    pub id: usize,
    /// The original, when known.
    pub original: Option<usize>,
    /// When the original is unknown, the outside source (agency or
    /// outlet, as credited) most of the family's sibling edges carry.
    pub common_source: Option<String>,
    /// The members, in input order.
    pub members: Vec<usize>,
    /// The reprint edges inside the family.
    pub edges: Vec<Edge>,
}

/// The families, and for each document its family (if any) and role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Families {
    /// Every family of two or more documents.
    pub families: Vec<Family>,
    /// For each document, its family's id.
    pub family_of: Vec<Option<usize>>,
    /// For each document, its role.
    pub roles: Vec<Role>,
}

/// Groups `documents` documents into families along `edges`; `dates[i]` is
/// document `i`'s publication date, used to choose between candidate
/// originals; `common_sources[k]` is the outside source edge `k`'s two
/// documents both carry, if they are such siblings.
pub fn families(
    documents: usize,
    edges: &[Edge],
    common_sources: &[Option<&str>],
    dates: &[Option<PubDate>],
) -> Families {
    assert_eq!(edges.len(), common_sources.len(), "one source per edge");
    let mut sets = UnionFind::new(documents);
    for e in edges {
        sets.union(e.a, e.b);
    }

    let mut family_of: Vec<Option<usize>> = vec![None; documents];
    let mut families: Vec<Family> = Vec::new();
    let mut id_of_root: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let in_edge: Vec<bool> = {
        let mut seen = vec![false; documents];
        for e in edges {
            seen[e.a] = true;
            seen[e.b] = true;
        }
        seen
    };
    for doc in 0..documents {
        if !in_edge[doc] {
            continue;
        }
        let r = sets.root(doc);
        let id = *id_of_root.entry(r).or_insert_with(|| {
            families.push(Family {
                id: families.len(),
                original: None,
                common_source: None,
                members: Vec::new(),
                edges: Vec::new(),
            });
            families.len() - 1
        });
        families[id].members.push(doc);
        family_of[doc] = Some(id);
    }
    let mut sources_of: Vec<Vec<&str>> = vec![Vec::new(); families.len()];
    for (e, source) in edges.iter().zip(common_sources) {
        let id = family_of[e.a].expect("both ends of an edge have a family");
        families[id].edges.push(*e);
        sources_of[id].extend(*source);
    }

    let mut roles = vec![Role::Unique; documents];
    for family in &mut families {
        let is_copy = |d: usize| family.edges.iter().any(|e| e.directed && e.b == d);
        let is_original = |d: usize| family.edges.iter().any(|e| e.directed && e.a == d);
        let candidates: Vec<usize> = family
            .members
            .iter()
            .copied()
            .filter(|&d| is_original(d) && !is_copy(d))
            .collect();
        family.original = match candidates.as_slice() {
            [one] => Some(*one),
            [] => None,
            several => earliest(several, dates),
        };
        if family.original.is_none() {
            family.common_source = most_named(&mut sources_of[family.id]);
        }
        for &d in &family.members {
            roles[d] = match family.original {
                Some(o) if o == d => Role::Original,
                Some(_) => Role::Copy,
                None => Role::Undetermined,
            };
        }
    }
    Families {
        families,
        family_of,
        roles,
    }
}

/// The name given most often (the first in order among equals), as a
/// credit writes it.
fn most_named(names: &mut [&str]) -> Option<String> {
    names.sort_unstable();
    names
        .chunk_by(|x, y| x == y)
        .max_by_key(|run| (run.len(), std::cmp::Reverse(run[0])))
        .map(|run| run[0].to_string())
}

/// Disjoint sets over `0..n`, with path halving; a union's root is the
/// smaller of the two, so a set's root is its first member. The family and
/// cluster stages both group by it.
pub(crate) struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    pub(crate) fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    pub(crate) fn root(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    pub(crate) fn union(&mut self, x: usize, y: usize) {
        let (rx, ry) = (self.root(x), self.root(y));
        if rx != ry {
            self.parent[rx.max(ry)] = rx.min(ry);
        }
    }
}

/// The one candidate dated strictly before every other, if there is one.
pub(crate) fn earliest(candidates: &[usize], dates: &[Option<PubDate>]) -> Option<usize> {
    candidates.iter().copied().find(|&c| {
        let Some(dc) = dates[c] else { return false };
        candidates
            .iter()
            .filter(|&&o| o != c)
            .all(|&o| dates[o].is_some_and(|d| dc.compare(&d).is_lt()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::dates::parse_iso;

    fn edge(a: usize, b: usize, directed: bool) -> Edge {
        Edge { a, b, directed }
    }

    #[test]
    fn a_chain_of_copies_has_one_original() {
        // 0 was copied by 1, which 2 copied; 3 and 4 are unrelated to them.
        let edges = [edge(0, 1, true), edge(1, 2, true), edge(3, 4, false)];
        let f = families(6, &edges, &[None; 3], &[None; 6]);
        assert_eq!(f.families.len(), 2);
        assert_eq!(f.families[0].members, [0, 1, 2]);
        assert_eq!(f.families[0].original, Some(0));
        assert_eq!(f.families[1].original, None);
        assert_eq!(
            f.roles,
            [
                Role::Original,
                Role::Copy,
                Role::Copy,
                Role::Undetermined,
                Role::Undetermined,
                Role::Unique
            ]
        );
        assert_eq!(
            f.family_of,
            [Some(0), Some(0), Some(0), Some(1), Some(1), None]
        );
    }

    #[test]
    fn two_candidate_originals_are_told_apart_by_date_or_not_at_all() {
        let edges = [edge(0, 2, true), edge(1, 2, true)];
        let dates = [parse_iso("2024-04-02"), parse_iso("2024-04-01"), None];
        assert_eq!(
            families(3, &edges, &[None; 2], &dates).families[0].original,
            Some(1)
        );
        let dates = [parse_iso("2024-04"), parse_iso("2024-04-01"), None];
        assert_eq!(
            families(3, &edges, &[None; 2], &dates).families[0].original,
            None
        );
    }

    #[test]
    fn siblings_of_one_dispatch_name_it_as_their_familys_source() {
        let edges = [edge(0, 1, false), edge(1, 2, false), edge(0, 2, false)];
        let f = families(3, &edges, &[Some("AFP"), Some("AFP"), None], &[None; 3]);
        assert_eq!(f.families[0].original, None);
        assert_eq!(f.families[0].common_source.as_deref(), Some("AFP"));
    }
}
