//! A text cut into stretches of one look each, for the pair views.

use crate::model::{EditKind, RemovedKind, RemovedRegion};

use crate::model::Reuse;

/// Which document of a pair a view shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The pair's `a`.
    A,
    /// The pair's `b`.
    B,
}

/// One stretch of a text, `[begin, end)` in code points, and what lies over
/// it. A stretch with `begin == end` marks the place where the other side
/// has text this side lacks (an insertion seen from `a`, a deletion seen
/// from `b`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    /// First code point.
    pub begin: u32,
    /// First code point after the stretch.
    pub end: u32,
    /// The removed region the stretch lies in, if any.
    pub removed: Option<RemovedKind>,
    /// The index of the passage the stretch lies in, if any.
    pub passage: Option<usize>,
    /// The edit the stretch lies in, if any.
    pub edit: Option<EditKind>,
}

/// Cuts a text of `len` code points into segments: every point where a
/// removed region, a passage of `pair` on `side`, or an edit starts or ends
/// begins a new segment. The segments cover the text in order, without gaps
/// or overlaps; the empty ones (markers) sit at their place.
pub fn segments(len: u32, removed: &[RemovedRegion], pair: &Reuse, side: Side) -> Vec<Segment> {
    let passages: Vec<(u32, u32)> = pair
        .passages
        .iter()
        .map(|p| match side {
            Side::A => (p.a_begin, p.a_end),
            Side::B => (p.b_begin, p.b_end),
        })
        .collect();
    let edits: Vec<(u32, u32, EditKind)> = pair
        .edits
        .iter()
        .map(|e| match side {
            Side::A => (e.a_begin, e.a_end, e.kind),
            Side::B => (e.b_begin, e.b_end, e.kind),
        })
        .collect();
    let clamp = |x: u32| x.min(len);
    let mut cuts: Vec<u32> = vec![0, len];
    cuts.extend(removed.iter().flat_map(|r| [clamp(r.begin), clamp(r.end)]));
    cuts.extend(passages.iter().flat_map(|&(b, e)| [clamp(b), clamp(e)]));
    cuts.extend(edits.iter().flat_map(|&(b, e, _)| [clamp(b), clamp(e)]));
    cuts.sort_unstable();
    cuts.dedup();

    let passage_at = |x: u32| passages.iter().position(|&(b, e)| b <= x && x < e);
    let mut markers: Vec<Segment> = edits
        .iter()
        .filter(|&&(b, e, _)| b == e && b <= len)
        .map(|&(b, _, kind)| Segment {
            begin: b,
            end: b,
            removed: None,
            passage: passage_at(b.saturating_sub(1)),
            edit: Some(kind),
        })
        .collect();
    markers.sort_by_key(|m| m.begin);
    let mut markers = markers.into_iter().peekable();

    let mut out = Vec::with_capacity(cuts.len() * 2);
    for window in cuts.windows(2) {
        let (begin, end) = (window[0], window[1]);
        while let Some(marker) = markers.next_if(|m| m.begin <= begin) {
            out.push(marker);
        }
        out.push(Segment {
            begin,
            end,
            removed: removed
                .iter()
                .find(|r| r.begin <= begin && begin < r.end)
                .map(|r| r.kind),
            passage: passage_at(begin),
            edit: edits
                .iter()
                .find(|&&(b, e, _)| b <= begin && begin < e)
                .map(|&(_, _, kind)| kind),
        });
    }
    out.extend(markers);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edit, Passage, ReuseKind};

    fn pair() -> Reuse {
        Reuse {
            a: "a".into(),
            b: "b".into(),
            original: None,
            common_source: None,
            common_original: None,
            evidence: vec![],
            coverage_a: 1.0,
            coverage_b: 1.0,
            credited: None,
            kind: ReuseKind::Reprint,
            score: 1.0,
            signals: Default::default(),
            passages: vec![Passage {
                a_begin: 2,
                a_end: 10,
                b_begin: 0,
                b_end: 6,
                tokens: 3,
                identity: 0.8,
            }],
            edits: vec![Edit {
                kind: EditKind::Deletion,
                a_begin: 4,
                a_end: 6,
                b_begin: 2,
                b_end: 2,
                a_text: "xx".into(),
                b_text: String::new(),
            }],
        }
    }

    #[test]
    fn segments_tile_the_text_and_place_markers() {
        let removed = [RemovedRegion {
            begin: 10,
            end: 12,
            kind: RemovedKind::Comments,
        }];
        let a = segments(12, &removed, &pair(), Side::A);
        let spans: Vec<(u32, u32)> = a.iter().map(|s| (s.begin, s.end)).collect();
        assert_eq!(spans, [(0, 2), (2, 4), (4, 6), (6, 10), (10, 12)]);
        assert_eq!(a[2].edit, Some(EditKind::Deletion));
        assert_eq!(a[2].passage, Some(0));
        assert_eq!(a[4].removed, Some(RemovedKind::Comments));
        assert_eq!(a[0].passage, None);

        let b = segments(6, &[], &pair(), Side::B);
        let spans: Vec<(u32, u32)> = b.iter().map(|s| (s.begin, s.end)).collect();
        assert_eq!(spans, [(0, 2), (2, 2), (2, 6)]);
        assert_eq!(b[1].edit, Some(EditKind::Deletion));
        assert_eq!(b[1].passage, Some(0));
    }
}
