//! Line filters, the program's `exclude` and rule conditions (§2.1, §3.1).

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

fn has_any(values: &[String], listed: &[String]) -> bool {
    !listed.is_empty() && values.iter().any(|v| listed.contains(v))
}

fn list(f: &Fields, key: &'static str) -> Result<Vec<String>> {
    match f.get(key) {
        Some(v) => R.strings(v, &f.path.key(key), Some(MAX_FILTER_IDS)),
        None => Ok(Vec::new()),
    }
}

const FILTER_FIELDS: &[&str] = &["skus", "categories", "tags", "excludeSkus", "excludeCategories", "excludeTags"];

/// A line filter (§2.1): every present inclusion list must be hit, no exclusion list may be.
#[derive(Clone, Debug, Default)]
pub struct LineFilter {
    pub skus: Vec<String>,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    pub exclude_skus: Vec<String>,
    pub exclude_categories: Vec<String>,
    pub exclude_tags: Vec<String>,
}

impl LineFilter {
    /// `None` for a filter with no non-empty list: it matches every line.
    pub fn parse(v: &Value, path: &Path) -> Result<Option<LineFilter>> {
        let f = Fields::of(R, v, path)?;
        f.deny_unknown(FILTER_FIELDS)?;
        let filter = LineFilter {
            skus: list(&f, "skus")?,
            categories: list(&f, "categories")?,
            tags: list(&f, "tags")?,
            exclude_skus: list(&f, "excludeSkus")?,
            exclude_categories: list(&f, "excludeCategories")?,
            exclude_tags: list(&f, "excludeTags")?,
        };
        let empty = [
            &filter.skus,
            &filter.categories,
            &filter.tags,
            &filter.exclude_skus,
            &filter.exclude_categories,
            &filter.exclude_tags,
        ]
        .iter()
        .all(|l| l.is_empty());
        Ok(if empty { None } else { Some(filter) })
    }

    pub fn matches(&self, line: &LineKeys) -> bool {
        let sku = std::slice::from_ref(&line.sku);
        let sku_in = |listed: &[String]| sku.iter().any(|s| listed.iter().any(|l| l == s));
        (self.skus.is_empty() || sku_in(&self.skus))
            && (self.categories.is_empty() || has_any(line.categories, &self.categories))
            && (self.tags.is_empty() || has_any(line.tags, &self.tags))
            && !sku_in(&self.exclude_skus)
            && !has_any(line.categories, &self.exclude_categories)
            && !has_any(line.tags, &self.exclude_tags)
    }
}

/// Matches an optional filter: absent matches everything.
pub fn filter_matches(filter: Option<&LineFilter>, line: &LineKeys) -> bool {
    filter.is_none_or(|f| f.matches(line))
}

/// The program's `exclude` (§3.1): unlike a filter, any one list excludes,
/// and the `exclude*` lists are exceptions to that.
#[derive(Clone, Debug)]
pub struct Exclude(LineFilter);

impl Exclude {
    pub fn parse(v: &Value, path: &Path) -> Result<Option<Exclude>> {
        Ok(LineFilter::parse(v, path)?.map(Exclude))
    }

    pub fn excludes(&self, line: &LineKeys) -> bool {
        let f = &self.0;
        let listed = f.skus.iter().any(|s| s == line.sku)
            || has_any(line.categories, &f.categories)
            || has_any(line.tags, &f.tags);
        let excepted = f.exclude_skus.iter().any(|s| s == line.sku)
            || has_any(line.categories, &f.exclude_categories)
            || has_any(line.tags, &f.exclude_tags);
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
            channels: list(&f, "channels")?,
            payment_methods: list(&f, "paymentMethods")?,
            tiers: match f.get("tiers") {
                Some(v) => tier_refs(v, &path.key("tiers"), level_ids)?,
                None => Vec::new(),
            },
            member_flags: list(&f, "memberFlags")?,
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
