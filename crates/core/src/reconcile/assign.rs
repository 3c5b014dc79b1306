//! Globally optimal one-to-one assignment on a sparse bipartite graph:
//! maximum total weight, where leaving a node unpaired is allowed. Solved as a
//! min-cost flow by successive shortest paths (Dijkstra with potentials) per
//! connected component, so a big case costs what its tangled parts cost, not
//! |receipts| × |lines|.
//!
//! Determinism: nodes are numbered by the caller in content order, every cost
//! is an integer, and Dijkstra breaks ties by node number — the same content
//! gives the same pairs whatever order the files came in.
//!
//! ```
//! use slipcheck_core::reconcile::assign::assign;
//! // Greedy would give left 0 its favourite (right 0) and leave left 1 with nothing.
//! let pairs = assign(2, 2, &[(0, 0, 10), (0, 1, 9), (1, 0, 8)]);
//! assert_eq!(pairs, vec![Some(1), Some(0)]);
//! ```

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// `edges`: (left, right, weight > 0). Returns for each left node its right
/// partner, maximising the sum of weights of the chosen edges.
pub fn assign(n_left: usize, n_right: usize, edges: &[(usize, usize, i64)]) -> Vec<Option<usize>> {
    let mut result = vec![None; n_left];
    // Union-find over left (0..n_left) and right (n_left..) nodes.
    let mut parent: Vec<usize> = (0..n_left + n_right).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for &(l, r, w) in edges {
        if w <= 0 || l >= n_left || r >= n_right {
            continue;
        }
        let (a, b) = (find(&mut parent, l), find(&mut parent, n_left + r));
        if a != b {
            // Smaller root wins: keeps component ids independent of edge order.
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            parent[hi] = lo;
        }
    }
    let mut comp_edges: std::collections::BTreeMap<usize, Vec<(usize, usize, i64)>> = Default::default();
    for &(l, r, w) in edges {
        if w <= 0 || l >= n_left || r >= n_right {
            continue;
        }
        let c = find(&mut parent, l);
        comp_edges.entry(c).or_default().push((l, r, w));
    }
    for (_, mut es) in comp_edges {
        // Keep only the best weight per (left, right) and a canonical order.
        es.sort_unstable_by(|a, b| (a.0, a.1, Reverse(a.2)).cmp(&(b.0, b.1, Reverse(b.2))));
        es.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        if es.len() == 1 {
            result[es[0].0] = Some(es[0].1);
            continue;
        }
        solve_component(&es, &mut result);
    }
    result
}

struct Edge {
    to: usize,
    cap: i32,
    cost: i64,
}

fn solve_component(es: &[(usize, usize, i64)], result: &mut [Option<usize>]) {
    let mut lefts: Vec<usize> = es.iter().map(|e| e.0).collect();
    lefts.sort_unstable();
    lefts.dedup();
    let mut rights: Vec<usize> = es.iter().map(|e| e.1).collect();
    rights.sort_unstable();
    rights.dedup();
    let max_w = es.iter().map(|e| e.2).max().unwrap_or(1);
    // Every cost non-negative, so the first Dijkstra needs no Bellman-Ford.
    let big = max_w + 1;
    let nl = lefts.len();
    let nr = rights.len();
    let s = 0;
    let t = 1 + nl + nr;
    let n = t + 1;
    let mut graph: Vec<Vec<usize>> = vec![vec![]; n];
    let mut edges: Vec<Edge> = Vec::with_capacity(2 * (es.len() + 2 * nl + nr));
    let add = |graph: &mut Vec<Vec<usize>>, edges: &mut Vec<Edge>, a: usize, b: usize, cap: i32, cost: i64| {
        graph[a].push(edges.len());
        edges.push(Edge { to: b, cap, cost });
        graph[b].push(edges.len());
        edges.push(Edge { to: a, cap: 0, cost: -cost });
    };
    for i in 0..nl {
        add(&mut graph, &mut edges, s, 1 + i, 1, 0);
    }
    let mut pair_edges = Vec::with_capacity(es.len());
    for &(l, r, w) in es {
        let li = lefts.binary_search(&l).unwrap_or(0);
        let ri = rights.binary_search(&r).unwrap_or(0);
        pair_edges.push((edges.len(), li, ri));
        add(&mut graph, &mut edges, 1 + li, 1 + nl + ri, 1, big - w);
    }
    for i in 0..nl {
        // Staying unpaired costs `big`: worse than any real edge.
        add(&mut graph, &mut edges, 1 + i, t, 1, big);
    }
    for j in 0..nr {
        add(&mut graph, &mut edges, 1 + nl + j, t, 1, 0);
    }
    let mut pot = vec![0i64; n];
    let mut dist = vec![i64::MAX; n];
    let mut prev_edge = vec![usize::MAX; n];
    for _ in 0..nl {
        dist.iter_mut().for_each(|d| *d = i64::MAX);
        prev_edge.iter_mut().for_each(|p| *p = usize::MAX);
        dist[s] = 0;
        let mut heap = BinaryHeap::new();
        heap.push(Reverse((0i64, s)));
        while let Some(Reverse((d, u))) = heap.pop() {
            if d > dist[u] {
                continue;
            }
            for &ei in &graph[u] {
                let e = &edges[ei];
                if e.cap <= 0 {
                    continue;
                }
                let nd = d + e.cost + pot[u] - pot[e.to];
                if nd < dist[e.to] {
                    dist[e.to] = nd;
                    prev_edge[e.to] = ei;
                    heap.push(Reverse((nd, e.to)));
                }
            }
        }
        if dist[t] == i64::MAX {
            break;
        }
        for v in 0..n {
            if dist[v] != i64::MAX {
                pot[v] += dist[v];
            }
        }
        let mut v = t;
        while v != s {
            let ei = prev_edge[v];
            edges[ei].cap -= 1;
            edges[ei ^ 1].cap += 1;
            v = edges[ei ^ 1].to;
        }
    }
    for (ei, li, ri) in pair_edges {
        if edges[ei].cap == 0 {
            result[lefts[li]] = Some(rights[ri]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(edges: &[(usize, usize, i64)], a: &[Option<usize>]) -> i64 {
        edges.iter().filter(|(l, r, _)| a[*l] == Some(*r)).map(|e| e.2).sum()
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
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
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
            assert!(a.iter().flatten().all(|r| seen.insert(*r)), "right used twice");
        }
    }
}
