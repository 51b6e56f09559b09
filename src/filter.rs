//! Line filters, the program's `exclude` and rule conditions (§2.1, §3.1).

use std::collections::HashMap;
use std::num::NonZeroU32;

use crate::decimal::Decimal;
use crate::error::Result;
use crate::input::{Fields, Path, Reader, MAX_FILTER_IDS};
use crate::json::Value;
use crate::name::Name;
use crate::time::{Timestamp, UtcOffset};

const R: Reader = Reader::PROGRAM;

/// What a filter looks at on a cart line or a product.
pub struct LineKeys<'a> {
    pub sku: &'a str,
    pub categories: &'a [String],
    pub tags: &'a [String],
}

/// The kinds of id a filter or condition list names.
#[derive(Clone, Copy)]
enum Kind {
    Sku,
    Category,
    Tag,
    Channel,
    PaymentMethod,
    Flag,
}

/// One non-empty id list of a filter, numbered from 1 in its programme's
/// [`FilterLists`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ListId(NonZeroU32);

impl ListId {
    fn bit(self) -> usize {
        self.0.get() as usize - 1
    }
}

/// Up to this many ids of one kind are looked up by comparing them, not by hashing.
const SCAN_AT_MOST: usize = 8;

/// The ids of one kind, each with its entry in `FilterLists::lists_naming`.
/// A few ids (every realistic programme) are kept in a list and compared:
/// hashing every value of every line cost W2 (10,000 products) 13 %, and
/// scanning a hash table's buckets still a few per cent. More are hashed, so
/// that a line's lookups stay linear whatever the programme.
#[derive(Clone, Debug)]
enum Ids {
    Few(Vec<(Name, usize)>),
    /// `HashMap<String, usize>` is also the JSON parser's: one copy of its
    /// code in the .wasm. Boxed: 32 bytes inline, in six fields of every
    /// programme, for a case few programmes have.
    #[allow(clippy::box_collection)] // the point: a box is 4 bytes inline, the map 32
    Many(Box<HashMap<String, usize>>),
}

impl Default for Ids {
    fn default() -> Ids {
        Ids::Few(Vec::new())
    }
}

impl Ids {
    fn get(&self, value: &str) -> Option<usize> {
        match self {
            Ids::Few(ids) => ids.iter().find(|(id, _)| id == value).map(|&(_, i)| i),
            Ids::Many(ids) => ids.get(value).copied(),
        }
    }

    /// `value`'s entry, `next` when it is new.
    fn entry_or_insert(&mut self, value: &str, next: usize) -> usize {
        match self {
            Ids::Many(ids) => *ids.entry(value.to_owned()).or_insert(next),
            Ids::Few(ids) => {
                if let Some(&(_, entry)) = ids.iter().find(|(id, _)| *id == value) {
                    return entry;
                }
                if ids.len() < SCAN_AT_MOST {
                    ids.push((Name::from(value), next));
                } else {
                    let mut map: HashMap<String, usize> =
                        std::mem::take(ids).into_iter().map(|(id, entry)| (id.to_string(), entry)).collect();
                    map.insert(value.to_owned(), next);
                    *self = Ids::Many(Box::new(map));
                }
                next
            }
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Ids::Few(ids) => ids.is_empty(),
            Ids::Many(ids) => ids.is_empty(),
        }
    }
}

/// Every id list of a programme (filters: `exclude`, rule and perk `lines`;
/// conditions: `channels`, `paymentMethods`, `memberFlags`; `free_product`
/// `skus`), compiled at `fromJSON`: each id they name is stored once, mapped
/// to the lists that name it. A line is then matched against every filter by
/// looking its own values up once per call ([`FilterLists::hits`]) and
/// testing one bit per list, instead of comparing each of its values with
/// each listed id for every (line, rule) pair — that took 38 s for 1,000
/// lines × 500 rules with 64-id lists (issue 12). It also holds the rules'
/// line filters and the clauses of every condition, each kind in one list:
/// a box each made them a third of a compiled programme's memory (issue 10).
#[derive(Clone, Debug, Default)]
pub struct FilterLists {
    /// How many lists are numbered.
    count: u32,
    /// Per [`Kind`]: id → its entry in `lists_naming`.
    skus: Ids,
    categories: Ids,
    tags: Ids,
    channels: Ids,
    payment_methods: Ids,
    flags: Ids,
    /// How many ids are entered (across kinds).
    entries: usize,
    /// While the programme is read: (id entry, list naming it), in the order
    /// the lists were added. [`FilterLists::finish`] turns them into
    /// `naming`, and leaves this empty.
    pairs: Vec<(u32, ListId)>,
    /// Per list: how many distinct ids it names (a condition's `memberFlags`
    /// holds when the member has all of them); at most 64 (§1).
    sizes: Vec<u8>,
    /// The lists naming each id, in increasing order: those of entry `e` are
    /// `naming[starts[e]..starts[e + 1]]`. One allocation for all of them,
    /// where a `Vec` per id cost a programme a fifth of its memory.
    naming: Vec<ListId>,
    starts: Vec<u32>,
    /// The clauses of every condition ([`Condition`]), one after another.
    clauses: Vec<Clause>,
    /// The rules' line filters ([`FilterId`]).
    filters: Vec<LineFilter>,
}

impl FilterLists {
    fn ids_mut(&mut self, kind: Kind) -> &mut Ids {
        match kind {
            Kind::Sku => &mut self.skus,
            Kind::Category => &mut self.categories,
            Kind::Tag => &mut self.tags,
            Kind::Channel => &mut self.channels,
            Kind::PaymentMethod => &mut self.payment_methods,
            Kind::Flag => &mut self.flags,
        }
    }

    fn ids(&self, kind: Kind) -> &Ids {
        match kind {
            Kind::Sku => &self.skus,
            Kind::Category => &self.categories,
            Kind::Tag => &self.tags,
            Kind::Channel => &self.channels,
            Kind::PaymentMethod => &self.payment_methods,
            Kind::Flag => &self.flags,
        }
    }

    /// Numbers `values` as a new list; `None` for an empty list.
    fn add(&mut self, kind: Kind, values: Vec<&str>) -> Option<ListId> {
        if values.is_empty() {
            return None;
        }
        let id = ListId(NonZeroU32::new(self.count.checked_add(1)?)?);
        self.count = id.0.get();
        for value in values {
            let next = self.entries;
            let entry = self.ids_mut(kind).entry_or_insert(value, next);
            if entry == next {
                self.entries += 1;
            }
            self.pairs.push((u32::try_from(entry).ok()?, id));
        }
        Some(id)
    }

    /// Once every list is added (the end of `fromJSON`): the lists naming
    /// each id, and each list's size, in their compact form.
    pub(crate) fn finish(&mut self) {
        let mut pairs = std::mem::take(&mut self.pairs);
        crate::sort::sort_by_key(&mut pairs, |&pair| pair);
        pairs.dedup(); // an id a list names twice counts once
        self.sizes = vec![0; self.count as usize];
        self.naming = Vec::with_capacity(pairs.len());
        self.starts = Vec::with_capacity(self.entries + 1);
        for (entry, list) in pairs {
            while self.starts.len() <= entry as usize {
                self.starts.push(self.naming.len() as u32);
            }
            self.naming.push(list);
            if let Some(size) = self.sizes.get_mut(list.bit()) {
                *size = size.saturating_add(1);
            }
        }
        while self.starts.len() <= self.entries {
            self.starts.push(self.naming.len() as u32);
        }
        let kinds = [
            &mut self.skus,
            &mut self.categories,
            &mut self.tags,
            &mut self.channels,
            &mut self.payment_methods,
            &mut self.flags,
        ];
        for ids in kinds {
            if let Ids::Few(few) = ids {
                few.shrink_to_fit();
            }
        }
        self.clauses.shrink_to_fit();
        self.filters.shrink_to_fit();
    }

    /// A condition's clauses are pushed one by one, from this count on
    /// ([`FilterLists::condition_since`]).
    pub(crate) fn clause_count(&self) -> usize {
        self.clauses.len()
    }

    pub(crate) fn push_clause(&mut self, clause: Clause) {
        self.clauses.push(clause);
    }

    /// The condition of the clauses pushed since `start` (a
    /// [`FilterLists::clause_count`]), read at `path`; an error past 65,535
    /// clauses (500 rules of 9 clauses and 500 rewards of 4 are far below).
    pub(crate) fn condition_since(&self, start: usize, path: &Path) -> Result<Condition> {
        let condition = || {
            u16::try_from(self.clauses.len()).ok()?;
            let len = u16::try_from(self.clauses.len().checked_sub(start)?).ok()?;
            Some(Condition { start: u16::try_from(start).ok()?, len })
        };
        condition().ok_or_else(|| R.error(path, "too many conditions in one programme"))
    }

    /// Numbers a rule's line filter; `None` past 2^32 - 1 of them.
    pub(crate) fn add_filter(&mut self, filter: LineFilter) -> Option<FilterId> {
        self.filters.push(filter);
        Some(FilterId(NonZeroU32::new(u32::try_from(self.filters.len()).ok()?)?))
    }

    /// The line filter `id` numbers (`None`: no filter, every line).
    pub fn line_filter(&self, id: Option<FilterId>) -> Option<&LineFilter> {
        self.filters.get(id?.0.get() as usize - 1)
    }

    /// The clauses of `condition`.
    pub fn clauses(&self, condition: Condition) -> &[Clause] {
        let start = usize::from(condition.start);
        self.clauses.get(start..start + usize::from(condition.len)).unwrap_or_default()
    }

    /// Whether every clause of `condition` holds (§2.1).
    pub fn holds(&self, condition: Condition, facts: &Facts) -> bool {
        self.clauses(condition).iter().all(|c| c.holds(facts))
    }

    /// The `minSubtotal` of `condition`, if it sets one.
    pub fn min_subtotal(&self, condition: Condition) -> Option<Decimal> {
        self.clauses(condition).iter().find_map(|c| match c {
            Clause::MinSubtotal(min) => Some(*min),
            _ => None,
        })
    }

    /// The lists naming id entry `entry`.
    fn lists_naming(&self, entry: usize) -> &[ListId] {
        let from = self.starts.get(entry).copied().unwrap_or(0) as usize;
        let to = self.starts.get(entry + 1).copied().unwrap_or(0) as usize;
        self.naming.get(from..to).unwrap_or_default()
    }

    /// Numbers a reward's `skus` (§5.3 `free_product`) as a list: the lines
    /// of a cart that hold one are then those whose hits name it.
    pub(crate) fn add_skus(&mut self, skus: Vec<&str>) -> Option<ListId> {
        self.add(Kind::Sku, skus)
    }

    fn no_hits(&self) -> Hits {
        if self.count <= 64 {
            Hits::Few(0)
        } else {
            Hits::Many(vec![0; self.count.div_ceil(64) as usize])
        }
    }

    /// `value`'s entry in `lists_naming`, if a list names it.
    fn entry(&self, kind: Kind, value: &str) -> Option<usize> {
        self.ids(kind).get(value)
    }

    /// The lists naming `value` (none for an id no list names).
    fn naming(&self, kind: Kind, value: &str) -> &[ListId] {
        self.entry(kind, value).map_or(&[], |entry| self.lists_naming(entry))
    }

    /// The lists that name one of this line's values: hashes each of its
    /// values once.
    pub fn hits(&self, line: &LineKeys) -> Hits {
        let mut hits = self.no_hits();
        if self.count == 0 {
            return hits;
        }
        let values = std::iter::once((Kind::Sku, line.sku))
            .chain(line.categories.iter().map(|c| (Kind::Category, c.as_str())))
            .chain(line.tags.iter().map(|t| (Kind::Tag, t.as_str())));
        for (kind, value) in values {
            for &list in self.naming(kind, value) {
                hits.set(list);
            }
        }
        hits
    }

    /// What the conditions of §2.1 ask of an order: the lists naming its
    /// channel and payment method, and for each `memberFlags` list how many
    /// of its flags the member lacks. Each value is hashed once per call,
    /// instead of comparing every listed flag with every flag of the member
    /// for every rule (and, for multipliers, every line).
    pub fn order_hits(&self, channel: Option<&str>, payment_method: Option<&str>, flags: &[String]) -> OrderHits {
        let mut hits = self.no_hits();
        for (kind, value) in [(Kind::Channel, channel), (Kind::PaymentMethod, payment_method)] {
            for &list in value.map_or(&[][..], |v| self.naming(kind, v)) {
                hits.set(list);
            }
        }
        let mut missing = Vec::new();
        if !self.flags.is_empty() {
            missing.clone_from(&self.sizes);
            // A flag the member lists twice is held once (at most 64 flags, §1).
            let mut held: Vec<usize> = Vec::with_capacity(flags.len());
            for flag in flags {
                let Some(entry) = self.entry(Kind::Flag, flag) else { continue };
                if held.contains(&entry) {
                    continue;
                }
                held.push(entry);
                for list in self.lists_naming(entry) {
                    if let Some(m) = missing.get_mut(list.bit()) {
                        *m = m.saturating_sub(1);
                    }
                }
            }
        }
        OrderHits { hits, missing }
    }
}

/// An order's facts for the conditions' id lists ([`FilterLists::order_hits`]).
pub struct OrderHits {
    /// The lists naming the order's channel and payment method.
    hits: Hits,
    /// Per list: how many of its ids the member's flags lack (empty when
    /// the programme has no `memberFlags`).
    missing: Vec<u8>,
}

impl OrderHits {
    fn all_held(&self, list: ListId) -> bool {
        self.missing.get(list.bit()) == Some(&0)
    }
}

/// The lists of a [`FilterLists`] that a line's values hit: one bit per list.
#[derive(Clone, Debug, PartialEq)]
pub enum Hits {
    /// Up to 64 lists (every realistic programme): no allocation.
    Few(u64),
    Many(Vec<u64>),
}

impl Hits {
    fn set(&mut self, list: ListId) {
        let bit = list.bit();
        match self {
            Hits::Few(word) => *word |= 1u64.checked_shl(bit as u32).unwrap_or(0),
            Hits::Many(words) => {
                if let Some(word) = words.get_mut(bit / 64) {
                    *word |= 1 << (bit % 64);
                }
            }
        }
    }

    pub(crate) fn has(&self, list: Option<ListId>) -> bool {
        let Some(list) = list else { return false };
        let bit = list.bit();
        match self {
            Hits::Few(word) => bit < 64 && word & (1 << bit) != 0,
            Hits::Many(words) => words.get(bit / 64).is_some_and(|w| w & (1 << (bit % 64)) != 0),
        }
    }
}

fn list(f: &Fields, key: &'static str, kind: Kind, lists: &mut FilterLists) -> Result<Option<ListId>> {
    Ok(match f.get(key) {
        Some(v) => lists.add(kind, R.strings(v, &f.path.key(key), Some(MAX_FILTER_IDS))?),
        None => None,
    })
}

const FILTER_FIELDS: &[&str] = &["skus", "categories", "tags", "excludeSkus", "excludeCategories", "excludeTags"];

/// A line filter (§2.1): every present inclusion list must be hit, no
/// exclusion list may be. Its lists live in the programme's [`FilterLists`].
#[derive(Clone, Debug, Default)]
pub struct LineFilter {
    pub skus: Option<ListId>,
    pub categories: Option<ListId>,
    pub tags: Option<ListId>,
    pub exclude_skus: Option<ListId>,
    pub exclude_categories: Option<ListId>,
    pub exclude_tags: Option<ListId>,
}

impl LineFilter {
    /// `None` for a filter with no non-empty list: it matches every line.
    pub fn parse(v: &Value, path: &Path, lists: &mut FilterLists) -> Result<Option<LineFilter>> {
        let f = Fields::of(R, v, path)?;
        f.deny_unknown(FILTER_FIELDS)?;
        let filter = LineFilter {
            skus: list(&f, "skus", Kind::Sku, lists)?,
            categories: list(&f, "categories", Kind::Category, lists)?,
            tags: list(&f, "tags", Kind::Tag, lists)?,
            exclude_skus: list(&f, "excludeSkus", Kind::Sku, lists)?,
            exclude_categories: list(&f, "excludeCategories", Kind::Category, lists)?,
            exclude_tags: list(&f, "excludeTags", Kind::Tag, lists)?,
        };
        let empty = [
            filter.skus,
            filter.categories,
            filter.tags,
            filter.exclude_skus,
            filter.exclude_categories,
            filter.exclude_tags,
        ]
        .iter()
        .all(Option::is_none);
        Ok(if empty { None } else { Some(filter) })
    }

    /// `hits`: the line's, from the programme whose lists these are.
    pub fn matches(&self, hits: &Hits) -> bool {
        let included = |list: Option<ListId>| list.is_none() || hits.has(list);
        included(self.skus)
            && included(self.categories)
            && included(self.tags)
            && !hits.has(self.exclude_skus)
            && !hits.has(self.exclude_categories)
            && !hits.has(self.exclude_tags)
    }
}

/// Matches an optional filter: absent matches everything.
pub fn filter_matches(filter: Option<&LineFilter>, hits: &Hits) -> bool {
    filter.is_none_or(|f| f.matches(hits))
}

/// The program's `exclude` (§3.1): unlike a filter, any one list excludes,
/// and the `exclude*` lists are exceptions to that.
#[derive(Clone, Debug)]
pub struct Exclude(LineFilter);

impl Exclude {
    pub fn parse(v: &Value, path: &Path, lists: &mut FilterLists) -> Result<Option<Exclude>> {
        Ok(LineFilter::parse(v, path, lists)?.map(Exclude))
    }

    pub fn excludes(&self, hits: &Hits) -> bool {
        let f = &self.0;
        let listed = hits.has(f.skus) || hits.has(f.categories) || hits.has(f.tags);
        let excepted = hits.has(f.exclude_skus) || hits.has(f.exclude_categories) || hits.has(f.exclude_tags);
        listed && !excepted
    }
}

/// One test of a rule's `when` (§2.1) or of a reward's availability
/// (§5.3). A condition is the clauses it sets, all of which must hold: most
/// set one, so a list of clauses (24 bytes each) is what a condition costs,
/// where a struct of every field took 96 bytes and an allocation (issue 10's
/// note: a compiled programme's memory).
#[derive(Clone, Debug)]
pub enum Clause {
    MinSubtotal(Decimal),
    /// The order's channel is one of the list's.
    Channels(ListId),
    PaymentMethods(ListId),
    /// The member has every flag of the list.
    MemberFlags(ListId),
    Tiers(TierSet),
    /// From this instant on.
    From(Timestamp),
    /// Before this instant.
    Until(Timestamp),
    /// ISO weekdays 1..=7, as bit `1 << day`.
    DaysOfWeek(u8),
    /// Holds when the member has no purchase yet (`true`) or has one (`false`).
    FirstOrder(bool),
}

/// Tier levels (at most 50, §1) as bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TierSet(u64);

impl TierSet {
    /// A programme's list of tier ids (a condition's or a reward's `tiers`),
    /// each resolved in `level_ids`; an unknown id is an error at that id
    /// (`rewards[1].tiers[1]`). `None` for an empty list: every tier.
    pub(crate) fn parse(v: &Value, path: &Path, level_ids: &[&str]) -> Result<Option<TierSet>> {
        let mut set = 0u64;
        for (i, id) in R.strings(v, path, Some(MAX_FILTER_IDS))?.into_iter().enumerate() {
            let Some(level) = level_ids.iter().position(|l| *l == id) else {
                return Err(R.error(&path.index(i), format!("unknown tier \"{id}\"")));
            };
            set |= 1u64.checked_shl(level as u32).unwrap_or(0);
        }
        Ok((set != 0).then_some(TierSet(set)))
    }

    pub(crate) fn contains(self, level: usize) -> bool {
        self.0 & 1u64.checked_shl(level as u32).unwrap_or(0) != 0
    }
}

/// A rule's `lines`: its [`LineFilter`], numbered in the programme's
/// [`FilterLists`] (all of them in one list, where a box each cost a rule's
/// filter an allocation: a compiled programme's memory, issue 10's note).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FilterId(NonZeroU32);

/// A condition: its clauses, numbered in the programme's [`FilterLists`].
/// No clause: it always holds (a missing `when`, or one with only empty lists).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Condition {
    start: u16,
    len: u16,
}

impl Condition {
    pub fn is_empty(self) -> bool {
        self.len == 0
    }
}

/// The facts a condition is checked against.
pub struct Facts<'a> {
    pub eligible_subtotal: Decimal,
    /// The order's channel, payment method and the member's flags.
    pub order: &'a OrderHits,
    pub tier: Option<usize>,
    pub now: Timestamp,
    pub utc_offset: UtcOffset,
    pub has_purchase: bool,
}

impl Condition {
    /// Reads a `when` (§2.1) into clauses of `lists`.
    pub fn parse(v: &Value, path: &Path, level_ids: &[&str], lists: &mut FilterLists) -> Result<Condition> {
        let f = Fields::of(R, v, path)?;
        f.deny_unknown(&[
            "minSubtotal",
            "channels",
            "paymentMethods",
            "tiers",
            "memberFlags",
            "from",
            "until",
            "daysOfWeek",
            "firstOrder",
        ])?;
        let start = lists.clause_count();
        // daysOfWeek first: its errors were reported before the others'.
        if let Some(v) = f.get("daysOfWeek") {
            let p = path.key("daysOfWeek");
            let mut days = 0u8;
            for (i, d) in R.array(v, &p)?.iter().enumerate() {
                days |= 1 << R.integer(d, &p.index(i), 1, 7)?;
            }
            if days != 0 {
                lists.push_clause(Clause::DaysOfWeek(days));
            }
        }
        Limit::MinSubtotal.push(&f, level_ids, lists)?;
        if let Some(list) = list(&f, "channels", Kind::Channel, lists)? {
            lists.push_clause(Clause::Channels(list));
        }
        if let Some(list) = list(&f, "paymentMethods", Kind::PaymentMethod, lists)? {
            lists.push_clause(Clause::PaymentMethods(list));
        }
        Limit::Tiers.push(&f, level_ids, lists)?;
        if let Some(list) = list(&f, "memberFlags", Kind::Flag, lists)? {
            lists.push_clause(Clause::MemberFlags(list));
        }
        Limit::From.push(&f, level_ids, lists)?;
        Limit::Until.push(&f, level_ids, lists)?;
        if let Some(v) = f.get("firstOrder") {
            lists.push_clause(Clause::FirstOrder(R.boolean(v, &path.key("firstOrder"))?));
        }
        lists.condition_since(start, path)
    }
}

/// The keys a reward's availability shares with a rule's `when` (§5.3,
/// §2.1): read alike, into the same clauses.
#[derive(Clone, Copy)]
pub(crate) enum Limit {
    MinSubtotal,
    Tiers,
    From,
    Until,
}

impl Limit {
    /// Pushes the clause `f` sets for this key, if it sets one (an empty
    /// `tiers` sets none: every tier).
    pub(crate) fn push(self, f: &Fields, level_ids: &[&str], lists: &mut FilterLists) -> Result<()> {
        let clause = match self {
            Limit::MinSubtotal => f.optional_amount("minSubtotal")?.map(Clause::MinSubtotal),
            Limit::Tiers => match f.get("tiers") {
                Some(v) => TierSet::parse(v, &f.path.key("tiers"), level_ids)?.map(Clause::Tiers),
                None => None,
            },
            Limit::From => f.optional_timestamp("from")?.map(Clause::From),
            Limit::Until => f.optional_timestamp("until")?.map(Clause::Until),
        };
        if let Some(clause) = clause {
            lists.push_clause(clause);
        }
        Ok(())
    }
}

impl Clause {
    fn holds(&self, facts: &Facts) -> bool {
        match *self {
            Clause::MinSubtotal(min) => facts.eligible_subtotal >= min,
            Clause::Channels(list) | Clause::PaymentMethods(list) => facts.order.hits.has(Some(list)),
            Clause::MemberFlags(list) => facts.order.all_held(list),
            Clause::Tiers(tiers) => facts.tier.is_some_and(|t| tiers.contains(t)),
            Clause::From(from) => from <= facts.now,
            Clause::Until(until) => facts.now < until,
            Clause::DaysOfWeek(days) => days & 1u8.wrapping_shl(facts.now.iso_weekday(facts.utc_offset).into()) != 0,
            Clause::FirstOrder(first) => first != facts.has_purchase,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Cart, Member, Program, Timestamp};

    fn points(program: &str, cart: &str, member: Option<&str>) -> String {
        let p = Program::from_json(program).unwrap();
        let c = Cart::from_json(&p, cart).unwrap();
        let m = member.map(|m| Member::from_json(&p, m).unwrap());
        let now = Timestamp::parse("2026-11-24T10:00:00Z").unwrap();
        p.preview_earn(&c, m.as_ref(), now).unwrap().points.to_string()
    }

    #[test]
    fn more_than_64_lists_each_matched_by_its_own_id() {
        // 70 rules, rule i earning 1 point per 1.00 on category c{i}: a line
        // in c3 and c69 earns twice its 10.00, a line in none of them nothing.
        let rules: Vec<String> = (0..70)
            .map(|i| format!(r#"{{"id":"r{i}","type":"spend","points":"1","lines":{{"categories":["c{i}"]}}}}"#))
            .collect();
        let program = format!(r#"{{"version":1,"currency":"USD","earning":[{}]}}"#, rules.join(","));
        let cart = r#"{"currency":"USD","lines":[
            {"sku":"A","categories":["c3","c69","c3"],"unitPrice":"10.00","quantity":1},
            {"sku":"B","categories":["zzz"],"unitPrice":"5.00","quantity":1}]}"#;
        assert_eq!(points(&program, cart, None), "20");
    }

    #[test]
    fn exclude_lists_and_their_exceptions() {
        // GIFT-1 (gift) is excluded; GIFT-OK is gift but excepted by sku: 7.00 → 7.
        let program = r#"{"version":1,"currency":"USD",
            "exclude":{"categories":["gift"],"excludeSkus":["GIFT-OK"]},
            "earning":[{"id":"base","type":"spend","points":"1"}]}"#;
        let cart = r#"{"currency":"USD","lines":[
            {"sku":"GIFT-1","categories":["gift"],"unitPrice":"10.00","quantity":1},
            {"sku":"GIFT-OK","categories":["gift"],"unitPrice":"7.00","quantity":1}]}"#;
        assert_eq!(points(program, cart, None), "7");
    }

    #[test]
    fn member_flags_must_all_be_held_and_count_once() {
        let program = r#"{"version":1,"currency":"USD","earning":[
            {"id":"vip","type":"bonus","points":"100","when":{"memberFlags":["a","b","a"]}}]}"#;
        let cart = r#"{"currency":"USD","lines":[{"sku":"A","unitPrice":"1.00","quantity":1}]}"#;
        let member = |flags: &str| format!(r#"{{"id":"m","flags":{flags}}}"#);
        assert_eq!(points(program, cart, Some(&member(r#"["b","a"]"#))), "100");
        assert_eq!(points(program, cart, Some(&member(r#"["a","b","c"]"#))), "100");
        // "a" twice is still one of the two flags.
        assert_eq!(points(program, cart, Some(&member(r#"["a","a"]"#))), "0");
        assert_eq!(points(program, cart, Some(&member("[]"))), "0");
        assert_eq!(points(program, cart, None), "0");
    }

    #[test]
    fn channels_and_payment_methods() {
        let program = r#"{"version":1,"currency":"USD","earning":[
            {"id":"app","type":"bonus","points":"5","when":{"channels":["app","web"]}},
            {"id":"card","type":"bonus","points":"7","when":{"paymentMethods":["card"],"channels":["web"]}}]}"#;
        let cart = |extra: &str| {
            format!(r#"{{"currency":"USD",{extra}"lines":[{{"sku":"A","unitPrice":"1.00","quantity":1}}]}}"#)
        };
        assert_eq!(points(program, &cart(r#""channel":"web","paymentMethod":"card","#), None), "12");
        assert_eq!(points(program, &cart(r#""channel":"app","paymentMethod":"card","#), None), "5");
        assert_eq!(points(program, &cart(r#""channel":"store","#), None), "0");
        assert_eq!(points(program, &cart(""), None), "0");
    }
}
