//! The crate's one sort: a ledger's events by time (§5), expiring lots by
//! date (§5.2 `expiringSoon`), a discount's remainders by size (§9.2).
//!
//! Why not `slice::sort_unstable_by`: each call site instantiates the
//! standard library's quicksort, about 2.4 KB of wasm apiece (9.0 KB of code
//! for the three sites, 2026-12-06, `scripts/wasm-functions`). A heapsort is a
//! few hundred bytes per site, in place, without allocation, and
//! O(n log n) in the worst case as well (issue 12: cost bounded for every
//! input). It is not stable, so every key here decides all ties that
//! matter: the events' and the remainders' keys end with their index.
//! Input already in order (a ledger's events, usually) is checked in one
//! pass and left as it is.

/// Sorts `items` by `key`, smallest first.
pub(crate) fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    let in_order = items.windows(2).all(|pair| match pair {
        [a, b] => key(a) <= key(b),
        _ => true,
    });
    if in_order {
        return;
    }
    let len = items.len();
    for root in (0..len / 2).rev() {
        sift_down(items, root, len, &key);
    }
    for end in (1..len).rev() {
        items.swap(0, end);
        sift_down(items, 0, end, &key);
    }
}

/// Moves `items[root]` down the heap `items[..end]` until both its children
/// are no larger (a max-heap: the largest goes to the end first).
fn sift_down<T, K: Ord>(items: &mut [T], mut root: usize, end: usize, key: &impl Fn(&T) -> K) {
    let larger = |items: &[T], a: usize, b: usize| match (items.get(a), items.get(b)) {
        (Some(a), Some(b)) => key(a) > key(b),
        _ => false,
    };
    loop {
        // `root < end / 2` here, so these cannot overflow.
        let mut child = root * 2 + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && larger(items, child + 1, child) {
            child += 1;
        }
        if !larger(items, child, root) {
            return;
        }
        items.swap(root, child);
        root = child;
    }
}

#[cfg(test)]
mod tests {
    use super::sort_by_key;

    #[test]
    fn sorts_every_order_of_five_distinct_keys() {
        // All 120 permutations of 0..5 come out as 0..5.
        let mut count = 0;
        for a in 0..5 {
            for b in 0..5 {
                for c in 0..5 {
                    for d in 0..5 {
                        for e in 0..5 {
                            let mut v = [a, b, c, d, e];
                            let mut seen = [false; 5];
                            v.iter().for_each(|&x| seen[x] = true);
                            if seen.iter().all(|&s| s) {
                                sort_by_key(&mut v, |&x| x);
                                assert_eq!(v, [0, 1, 2, 3, 4]);
                                count += 1;
                            }
                        }
                    }
                }
            }
        }
        assert_eq!(count, 120);
    }

    #[test]
    fn equal_keys_broken_by_index_and_descending_keys() {
        // (key, index) pairs: ties on the key are decided by the index.
        let mut v = vec![(3, 0), (1, 1), (3, 2), (1, 3), (2, 4), (0, 5)];
        sort_by_key(&mut v, |&(k, i)| (k, i));
        assert_eq!(v, vec![(0, 5), (1, 1), (1, 3), (2, 4), (3, 0), (3, 2)]);
        // Largest first with `Reverse`, as the discount's remainders.
        let mut w = vec![5, 9, 1, 7, 3];
        sort_by_key(&mut w, |&x| std::cmp::Reverse(x));
        assert_eq!(w, vec![9, 7, 5, 3, 1]);
    }

    #[test]
    fn long_reversed_and_empty_inputs() {
        let mut v: Vec<u32> = (0..1000).rev().collect();
        sort_by_key(&mut v, |&x| x);
        assert!(v.iter().copied().eq(0..1000));
        let mut none: [u8; 0] = [];
        sort_by_key(&mut none, |&x| x);
        let mut one = [7];
        sort_by_key(&mut one, |&x| x);
        assert_eq!(one, [7]);
    }
}
