//! Globally optimal one-to-one assignment on a sparse bipartite graph:
//! maximum total weight, where leaving a node unpaired is allowed.
//!
//! Solved as a min-cost assignment by shortest augmenting paths (the
//! Hungarian method with Dijkstra on the sparse graph): costs are
//! `big − weight`, and every left node also has a private "stay unpaired"
//! column of cost `big`, so every node can always be placed. Each left node is
//! added by one Dijkstra that only explores the alternating paths cheaper than
//! its best free option — usually one step — so a large, mostly unambiguous
//! case costs little more than a hash join, while tangled parts are still
//! solved exactly.
//!
//! Determinism: the caller numbers nodes in content order, every cost is an
//! integer, and the heap breaks ties by node number — the same content gives
//! the same pairs whatever order the files came in.
//!
//! ```
//! use slipcheck_core::reconcile::assign::assign;
//! // Greedy would give left 0 its favourite (right 0) and leave left 1 with nothing.
//! let pairs = assign(2, 2, &[(0, 0, 10), (0, 1, 9), (1, 0, 8)]);
//! assert_eq!(pairs, vec![Some(1), Some(0)]);
//! ```

use std::cmp::Reverse;
use std::collections::BinaryHeap;

const NONE: u32 = u32::MAX;

/// `edges`: (left, right, weight > 0). Returns for each left node its right
/// partner, maximising the sum of weights of the chosen edges.
pub fn assign(n_left: usize, n_right: usize, edges: &[(usize, usize, i64)]) -> Vec<Option<usize>> {
    // Adjacency per left node, best weight per (left, right), canonical order.
    let mut es: Vec<(usize, usize, i64)> = edges
        .iter()
        .copied()
        .filter(|&(l, r, w)| w > 0 && l < n_left && r < n_right)
        .collect();
    es.sort_unstable_by_key(|e| (e.0, e.1, Reverse(e.2)));
    es.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    let mut start = vec![0usize; n_left + 1];
    for e in &es {
        start[e.0 + 1] += 1;
    }
    for i in 0..n_left {
        start[i + 1] += start[i];
    }
    let cols: Vec<u32> = es.iter().map(|e| e.1 as u32).collect();
    let weights: Vec<i64> = es.iter().map(|e| e.2).collect();
    assign_rows(n_left, n_right, &start, &cols, &weights)
}

/// [`assign`] on edges already in row form: row `i`'s edges are
/// `start[i]..start[i + 1]` of `cols` and `weights`, each row's columns
/// strictly increasing, every weight positive (what [`assign`] makes of any
/// edge list). The engine builds its candidate graph this way directly.
pub fn assign_rows(
    n_left: usize,
    n_right: usize,
    start: &[usize],
    cols: &[u32],
    weights: &[i64],
) -> Vec<Option<usize>> {
    debug_assert_eq!(start.len(), n_left + 1);
    debug_assert!((0..n_left).all(|i| cols[start[i]..start[i + 1]].windows(2).all(|w| w[0] < w[1])));
    debug_assert!(weights.iter().all(|&w| w > 0));
    let big = weights.iter().copied().max().unwrap_or(0) + 1;
    // Columns: the real right nodes, then one "unpaired" column per left node.
    let n_cols = n_right + n_left;
    let mut u = vec![0i64; n_left];
    let mut v = vec![0i64; n_cols];
    let mut row_of = vec![NONE; n_cols];
    let mut col_of = vec![NONE; n_left];
    let mut dist = vec![i64::MAX; n_cols];
    let mut prev = vec![NONE; n_cols];
    let mut done = vec![false; n_cols];
    let mut touched: Vec<usize> = Vec::new();
    let mut finalized: Vec<usize> = Vec::new();
    let mut heap: BinaryHeap<Reverse<(i64, usize)>> = BinaryHeap::new();

    // The edges of row i (column, cost = big − weight), including its
    // private "unpaired" column.
    let row_edges = |i: usize| {
        (start[i]..start[i + 1])
            .map(|k| (cols[k] as usize, big - weights[k]))
            .chain(std::iter::once((n_right + i, big)))
    };

    for s in 0..n_left {
        for &c in &touched {
            dist[c] = i64::MAX;
            prev[c] = NONE;
            done[c] = false;
        }
        touched.clear();
        finalized.clear();
        heap.clear();
        // The usual case: the column the search would settle first — the
        // least reduced cost, ties to the lowest column, as the heap pops — is
        // free. Then the search ends there, with no heap and no potentials to
        // move but this row's.
        let mut first: Option<(i64, usize)> = None;
        for (c, cost) in row_edges(s) {
            let d = cost - u[s] - v[c];
            if first.is_none_or(|f| (d, c) < f) {
                first = Some((d, c));
            }
        }
        if let Some((d, c)) = first {
            if row_of[c] == NONE {
                u[s] += d;
                row_of[c] = s as u32;
                col_of[s] = c as u32;
                continue;
            }
        }
        for (c, cost) in row_edges(s) {
            let d = cost - u[s] - v[c];
            if d < dist[c] {
                if dist[c] == i64::MAX {
                    touched.push(c);
                }
                dist[c] = d;
                prev[c] = s as u32;
                heap.push(Reverse((d, c)));
            }
        }
        let mut end = usize::MAX;
        while let Some(Reverse((d, c))) = heap.pop() {
            if done[c] || d > dist[c] {
                continue;
            }
            done[c] = true;
            finalized.push(c);
            let k = row_of[c];
            if k == NONE {
                end = c;
                break;
            }
            let k = k as usize;
            for (c2, cost) in row_edges(k) {
                if done[c2] {
                    continue;
                }
                let nd = d + cost - u[k] - v[c2];
                if nd < dist[c2] {
                    if dist[c2] == i64::MAX {
                        touched.push(c2);
                    }
                    dist[c2] = nd;
                    prev[c2] = k as u32;
                    heap.push(Reverse((nd, c2)));
                }
            }
        }
        if end == usize::MAX {
            // Cannot happen: the private column is always reachable.
            continue;
        }
        let big_d = dist[end];
        // Potentials: keep reduced costs non-negative and matched edges tight.
        u[s] += big_d;
        for &c in &finalized {
            if c == end {
                continue;
            }
            let k = row_of[c];
            v[c] += dist[c] - big_d;
            if k != NONE {
                u[k as usize] += big_d - dist[c];
            }
        }
        // Augment along the path.
        let mut c = end;
        loop {
            let k = prev[c] as usize;
            let next = col_of[k];
            row_of[c] = k as u32;
            col_of[k] = c as u32;
            if k == s {
                break;
            }
            c = next as usize;
        }
    }
    col_of
        .into_iter()
        .map(|c| {
            let c = c as usize;
            (c < n_right).then_some(c)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(edges: &[(usize, usize, i64)], a: &[Option<usize>]) -> i64 {
        edges
            .iter()
            .filter(|(l, r, _)| a[*l] == Some(*r))
            .map(|e| e.2)
            .sum()
    }

    #[test]
    fn beats_greedy() {
        let e = [(0, 0, 10), (0, 1, 9), (1, 0, 8)];
        let a = assign(2, 2, &e);
        assert_eq!(total(&e, &a), 17);
    }

    #[test]
    fn may_leave_unpaired() {
        let e = [(0, 0, 5), (1, 0, 3)];
        let a = assign(2, 1, &e);
        assert_eq!(a, vec![Some(0), None]);
    }

    #[test]
    fn brute_force_agrees_on_small_graphs() {
        // Exhaustive check on pseudo-random 4×4 graphs.
        let mut seed = 7u64;
        let mut rnd = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as i64
        };
        for _ in 0..300 {
            let mut e = vec![];
            for l in 0..4 {
                for r in 0..4 {
                    if rnd() % 2 == 0 {
                        e.push((l, r, 1 + rnd() % 20));
                    }
                }
            }
            let a = assign(4, 4, &e);
            let got = total(&e, &a);
            // Best over all partial injections.
            fn best(l: usize, used: u32, e: &[(usize, usize, i64)]) -> i64 {
                if l == 4 {
                    return 0;
                }
                let mut b = best(l + 1, used, e);
                for &(el, r, w) in e {
                    if el == l && used & (1 << r) == 0 {
                        b = b.max(w + best(l + 1, used | (1 << r), e));
                    }
                }
                b
            }
            assert_eq!(got, best(0, 0, &e), "edges {e:?}");
            let mut seen = std::collections::HashSet::new();
            assert!(
                a.iter().flatten().all(|r| seen.insert(*r)),
                "right used twice"
            );
        }
    }
}
