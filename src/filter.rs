//! Line filters, the program's `exclude` and rule conditions (§2.1, §3.1).

use std::collections::HashMap;
use std::num::NonZeroU32;

use crate::decimal::Decimal;
use crate::error::Result;
use crate::input::{tier_refs, Fields, Path, Reader, MAX_FILTER_IDS};
use crate::json::Value;
use crate::time::{Timestamp, UtcOffset};

const R: Reader = Reader::PROGRAM;

/// What a filter looks at on a cart line or a product.
pub struct LineKeys<'a> {
    pub sku: &'a str,
    pub categories: &'a [String],
    pub tags: &'a [String],
}

/// The three kinds of id a filter list names.
#[derive(Clone, Copy)]
enum Kind {
    Sku,
    Category,
    Tag,
}

/// One non-empty id list of a filter, numbered from 1 in its programme's
/// [`FilterLists`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListId(NonZeroU32);

impl ListId {
    fn bit(self) -> usize {
        self.0.get() as usize - 1
    }
}

/// Every id list of a programme's filters (`exclude`, rule `lines`, perk
/// `lines`), compiled at `fromJSON`: each sku, category and tag they name is
/// hashed once, mapped to the lists that name it. A line is then matched
/// against every filter by looking its own values up once per call
/// ([`FilterLists::hits`]) and testing one bit per list, instead of comparing
/// each of its values with each listed id for every (line, rule) pair — that
/// took 38 s for 1,000 lines × 500 rules with 64-id lists (issue 12), and
/// each id is now stored once per programme, not once per list naming it.
#[derive(Clone, Debug, Default)]
pub struct FilterLists {
    /// How many lists are numbered.
    count: u32,
    /// Per [`Kind`]: id → its entry in `lists_naming`.
    /// (`HashMap<String, usize>` is also the JSON parser's: one copy of its code in the .wasm.)
    skus: HashMap<String, usize>,
    categories: HashMap<String, usize>,
    tags: HashMap<String, usize>,
    /// The lists naming each id, in increasing order.
    lists_naming: Vec<Vec<ListId>>,
}

impl FilterLists {
    fn ids(&self, kind: Kind) -> &HashMap<String, usize> {
        match kind {
            Kind::Sku => &self.skus,
            Kind::Category => &self.categories,
            Kind::Tag => &self.tags,
        }
    }

    /// Numbers `values` as a new list; `None` for an empty list.
    fn add(&mut self, kind: Kind, values: Vec<String>) -> Option<ListId> {
        if values.is_empty() {
            return None;
        }
        let id = ListId(NonZeroU32::new(self.count.checked_add(1)?)?);
        self.count = id.0.get();
        for value in values {
            let next = self.lists_naming.len();
            let ids = match kind {
                Kind::Sku => &mut self.skus,
                Kind::Category => &mut self.categories,
                Kind::Tag => &mut self.tags,
            };
            let entry = *ids.entry(value).or_insert(next);
            if entry == next {
                self.lists_naming.push(Vec::new());
            }
            if let Some(lists) = self.lists_naming.get_mut(entry) {
                if lists.last() != Some(&id) {
                    lists.push(id);
                }
            }
        }
        Some(id)
    }

    /// The lists that name one of this line's values: hashes each of its
    /// values once.
    pub fn hits(&self, line: &LineKeys) -> Hits {
        let mut hits =
            if self.count <= 64 { Hits::Few(0) } else { Hits::Many(vec![0; self.count.div_ceil(64) as usize]) };
        if self.count == 0 {
            return hits;
        }
        let mut mark = |kind: Kind, value: &str| {
            if let Some(lists) = self.ids(kind).get(value).and_then(|&i| self.lists_naming.get(i)) {
                for &list in lists {
                    hits.set(list);
                }
            }
        };
        mark(Kind::Sku, line.sku);
        for c in line.categories {
            mark(Kind::Category, c);
        }
        for t in line.tags {
            mark(Kind::Tag, t);
        }
        hits
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

    fn has(&self, list: Option<ListId>) -> bool {
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

fn strings(f: &Fields, key: &'static str) -> Result<Vec<String>> {
    match f.get(key) {
        Some(v) => R.strings(v, &f.path.key(key), Some(MAX_FILTER_IDS)),
        None => Ok(Vec::new()),
    }
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

/// A rule's `when` (§2.1); empty lists are absent ones.
#[derive(Clone, Debug, Default)]
pub struct Condition {
    pub min_subtotal: Option<Decimal>,
    pub channels: Vec<String>,
    pub payment_methods: Vec<String>,
    /// Level indices.
    pub tiers: Vec<usize>,
    pub member_flags: Vec<String>,
    pub from: Option<Timestamp>,
    pub until: Option<Timestamp>,
    /// ISO weekdays 1..=7.
    pub days_of_week: Vec<u8>,
    pub first_order: Option<bool>,
}

/// The facts a condition is checked against.
pub struct Facts<'a> {
    pub eligible_subtotal: Decimal,
    pub channel: Option<&'a str>,
    pub payment_method: Option<&'a str>,
    pub tier: Option<usize>,
    pub flags: &'a [String],
    pub now: Timestamp,
    pub utc_offset: UtcOffset,
    pub has_purchase: bool,
}

impl Condition {
    /// `None` for a condition with no key: it always holds.
    pub fn parse(v: &Value, path: &Path, level_ids: &[String]) -> Result<Option<Condition>> {
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
        let days_of_week = match f.get("daysOfWeek") {
            Some(v) => {
                let p = path.key("daysOfWeek");
                let items = R.array(v, &p)?;
                let mut days = Vec::with_capacity(items.len());
                for (i, d) in items.iter().enumerate() {
                    days.push(R.integer(d, &p.index(i), 1, 7)? as u8);
                }
                days
            }
            None => Vec::new(),
        };
        let c = Condition {
            min_subtotal: f
                .get("minSubtotal")
                .map(|v| R.amount(v, &path.key("minSubtotal"), false, None))
                .transpose()?,
            channels: strings(&f, "channels")?,
            payment_methods: strings(&f, "paymentMethods")?,
            tiers: match f.get("tiers") {
                Some(v) => tier_refs(v, &path.key("tiers"), level_ids)?,
                None => Vec::new(),
            },
            member_flags: strings(&f, "memberFlags")?,
            from: f.get("from").map(|v| R.timestamp(v, &path.key("from"))).transpose()?,
            until: f.get("until").map(|v| R.timestamp(v, &path.key("until"))).transpose()?,
            days_of_week,
            first_order: f.get("firstOrder").map(|v| R.boolean(v, &path.key("firstOrder"))).transpose()?,
        };
        let empty = c.min_subtotal.is_none()
            && c.channels.is_empty()
            && c.payment_methods.is_empty()
            && c.tiers.is_empty()
            && c.member_flags.is_empty()
            && c.from.is_none()
            && c.until.is_none()
            && c.days_of_week.is_empty()
            && c.first_order.is_none();
        Ok(if empty { None } else { Some(c) })
    }

    pub fn holds(&self, facts: &Facts) -> bool {
        let listed = |list: &[String], value: Option<&str>| {
            list.is_empty() || value.is_some_and(|v| list.iter().any(|l| l == v))
        };
        self.min_subtotal.is_none_or(|m| facts.eligible_subtotal >= m)
            && listed(&self.channels, facts.channel)
            && listed(&self.payment_methods, facts.payment_method)
            && (self.tiers.is_empty() || facts.tier.is_some_and(|t| self.tiers.contains(&t)))
            && self.member_flags.iter().all(|flag| facts.flags.contains(flag))
            && self.from.is_none_or(|from| from <= facts.now)
            && self.until.is_none_or(|until| facts.now < until)
            && (self.days_of_week.is_empty() || self.days_of_week.contains(&facts.now.iso_weekday(facts.utc_offset)))
            && self.first_order.is_none_or(|first| first != facts.has_purchase)
    }
}

/// A missing condition always holds.
pub fn when_holds(when: Option<&Condition>, facts: &Facts) -> bool {
    when.is_none_or(|c| c.holds(facts))
}
