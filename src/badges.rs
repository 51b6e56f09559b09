//! Product badges (§5.5): "Earn 30 Stars" under every product of a listing.
//!
//! A badge is what one unit would earn as a one-line cart without shipping
//! or bonuses. Everything that does not depend on the product — which rules'
//! conditions hold, the tier multiplier, each rule's `points × T`, its cap
//! `maxPoints × per` — is decided once per call in [`BadgeEngine::new`]; per
//! product only the filters, `minSubtotal` and a few multiplications remain.
//!
//! One reader and one output per transport: natively (typed and loose API)
//! products are [`Product`]s and the answer is [`Badges`]; the wasm binding
//! reads products straight from the text `JSON.stringify` wrote, one at a
//! time, computing and writing each badge as JSON text as it goes
//! ([`BadgeEngine::badges_json_text`]), and falls back to the native route
//! for anything it does not accept (which then reports the error). A test
//! keeps the two routes' answers equal.

use serde::Serialize;

use crate::decimal::{self, add, div, mul, Calc, Decimal, Overflow};
use crate::error::{Error, ErrorCode, Result};
use crate::filter::{filter_matches, Facts, LineFilter, LineKeys};
use crate::input::{Fields, Path, Reader, MAX_LINE_VALUES};
use crate::json::Value;
use crate::levels::Perks;
use crate::program::{Program, Scope};
use crate::rules::RuleKind;

pub const MAX_PRODUCTS: usize = 10_000;

/// A product of a listing, for `productBadges` (§5.5).
#[derive(Clone, Debug, PartialEq)]
pub struct Product {
    /// The product's sku (matched by filters and `exclude`).
    pub sku: String,
    /// Its categories (matched by filters and `exclude`).
    pub categories: Vec<String>,
    /// Its tags (matched by filters and `exclude`).
    pub tags: Vec<String>,
    /// The price of one unit (money; ≥ 0).
    pub price: Decimal,
}

/// One product's badge: the points one unit earns.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Badge {
    /// The product's sku.
    pub sku: String,
    /// Points one unit earns (zero for an excluded product).
    #[serde(serialize_with = "decimal::serialize_text")]
    pub points: Decimal,
}

/// The result of `productBadges` (§5.5).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Badges {
    /// One badge per product, in input order.
    pub badges: Vec<Badge>,
}

const R: Reader = Reader::ARGUMENT;

/// `limit_exceeded` for more than [`MAX_PRODUCTS`] products.
pub(crate) fn too_many(n: usize) -> Error {
    Error::new(ErrorCode::LimitExceeded, "products", format!("{n} products; at most {MAX_PRODUCTS} per call"))
}

/// Reads `products` (invalid_argument at `products[i]…`, at most 10,000).
pub(crate) fn read_products(v: &Value, strict: bool) -> Result<Vec<Product>> {
    let root = Path::Root("products");
    let items = R.array(v, &root)?;
    if items.len() > MAX_PRODUCTS {
        return Err(too_many(items.len()));
    }
    let mut products = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let p = root.index(i);
        let f = Fields::of(R, item, &p)?;
        f.known(&["sku", "categories", "tags", "price"], strict)?;
        let strings = |key: &'static str| {
            f.get(key).map_or(Ok(Vec::new()), |v| R.owned_strings(v, &p.key(key), Some(MAX_LINE_VALUES)))
        };
        products.push(Product {
            sku: f.required_string("sku")?.to_owned(),
            categories: strings("categories")?,
            tags: strings("tags")?,
            price: R.amount(f.required("price")?, &p.key("price"), false, None)?,
        });
    }
    Ok(products)
}

/// A spend or per_unit rule whose condition (all but `minSubtotal`) holds.
struct ActiveRule<'p> {
    lines: Option<&'p LineFilter>,
    min_subtotal: Option<Decimal>,
    /// Points per `per` of price (per_unit: per 1 unit, `per` = 1 and B = 1).
    points: Decimal,
    per: Decimal,
    per_unit: bool,
    /// `points × T` (`None`: out of range, an error where it is used).
    points_t: Option<Decimal>,
    /// `points` and `per` are exactly 1: multiplying or dividing by them
    /// changes nothing (`decimal::is_one`), so it is skipped.
    points_one: bool,
    per_one: bool,
    cap: Option<Cap>,
}

/// A rule's `maxPoints` with its product-independent values.
struct Cap {
    max: Decimal,
    /// `snap(maxPoints × per)`, compared with `snap(points × B)`.
    limit: Option<Decimal>,
    /// `T × maxPoints`, the capped term before m.
    t_max: Option<Decimal>,
}

struct ActiveMultiplier<'p> {
    lines: Option<&'p LineFilter>,
    min_subtotal: Option<Decimal>,
    factor: Decimal,
}

pub struct BadgeEngine<'p> {
    pub(crate) program: &'p Program,
    t: Decimal,
    rules: Vec<ActiveRule<'p>>,
    multipliers: Vec<ActiveMultiplier<'p>>,
    /// Scope order, and the base points (`points × B / per`, or maxPoints,
    /// summed over the rules) stay far within 10^16 for every price ≤ 10^12:
    /// they are then neither printed nor able to fail, and are skipped.
    pub(crate) base_in_range: bool,
    /// The member's tier perks: a product's one-line cart gets the percent
    /// discount when it matches their `lines` (§9.1).
    perks: Option<&'p Perks>,
}

/// Well within 10^16 (a margin of 10 over any rounding of the bound).
const BASE_BOUND: Decimal = Decimal::from_parts(2764472320, 232830, 0, false, 0); // 10^15

/// The largest base points the rules can sum to on one unit: `points × B /
/// per` with B at most 10^12 (the largest price) or 1 (per_unit), or
/// maxPoints when larger; an error when a step is out of range.
fn base_bound(rules: &[ActiveRule]) -> Calc<Decimal> {
    rules.iter().try_fold(Decimal::ZERO, |sum, r| {
        let b = if r.per_unit { Decimal::ONE } else { decimal::MAX_INPUT };
        let mut most = div(mul(r.points, b)?, r.per)?;
        if let Some(cap) = &r.cap {
            most = most.max(cap.max);
        }
        add(sum, most)
    })
}

/// `a × b`, skipped when `b` is 1 (see `decimal::is_one`).
fn mul_by(a: Decimal, b: Decimal, b_one: bool) -> Calc<Decimal> {
    if b_one {
        Ok(a)
    } else {
        mul(a, b)
    }
}

/// `a ÷ b`, skipped when `b` is 1.
fn div_by(a: Decimal, b: Decimal, b_one: bool) -> Calc<Decimal> {
    if b_one {
        Ok(a)
    } else {
        div(a, b)
    }
}

impl<'p> BadgeEngine<'p> {
    /// `facts`: the member's facts at now; their subtotal is ignored — a
    /// badge's subtotal is its own price, checked per product.
    pub fn new(program: &'p Program, facts: &Facts, t: Decimal, perks: Option<&'p Perks>) -> BadgeEngine<'p> {
        let any_subtotal = Facts { eligible_subtotal: Decimal::MAX, ..*facts };
        let mut rules = Vec::new();
        let mut multipliers = Vec::new();
        for rule in &program.earning {
            if !program.filters.holds(rule.when, &any_subtotal) {
                continue;
            }
            let min_subtotal = program.filters.min_subtotal(rule.when);
            let (points, per, per_unit, max_points) = match &rule.kind {
                RuleKind::Spend { points, per, max_points, .. } => {
                    (*points, *per, false, max_points.as_deref().copied())
                }
                RuleKind::PerUnit { points, max_points } => {
                    (*points, Decimal::ONE, true, max_points.as_deref().copied())
                }
                RuleKind::Multiplier { factor } => {
                    let lines = program.filters.line_filter(rule.lines);
                    multipliers.push(ActiveMultiplier { lines, min_subtotal, factor: *factor });
                    continue;
                }
                _ => continue,
            };
            rules.push(ActiveRule {
                lines: program.filters.line_filter(rule.lines),
                min_subtotal,
                points,
                per,
                per_unit,
                points_t: mul(points, t).ok(),
                points_one: decimal::is_one(&points),
                per_one: decimal::is_one(&per),
                cap: max_points.map(|max| Cap {
                    max,
                    limit: mul(max, per).ok().map(decimal::snap),
                    t_max: mul(t, max).ok(),
                }),
            });
        }
        let base_in_range = program.points.scope == Scope::Order && base_bound(&rules).is_ok_and(|b| b <= BASE_BOUND);
        BadgeEngine { program, t, rules, multipliers, base_in_range, perks }
    }

    /// The points one unit of `product` earns.
    pub fn points(&self, product: &Product) -> Calc<Decimal> {
        let keys = LineKeys { sku: &product.sku, categories: &product.categories, tags: &product.tags };
        // A typed product's price was not validated: it may be beyond 10^12.
        self.points_of(&keys, product.price, product.price <= decimal::MAX_INPUT)
    }

    /// The points one unit with these filter keys and this price earns: the
    /// formulas of `earn::preview_earn` on a one-line cart (§3.2), term by
    /// term, with every operation by an exact 1 skipped (it changes nothing).
    /// `price_in_range`: the price is at most 10^12 (as every validated one).
    pub(crate) fn points_of(&self, keys: &LineKeys, price: Decimal, price_in_range: bool) -> Calc<Decimal> {
        let program = self.program;
        let hits = program.filters.hits(keys);
        if program.exclude.as_ref().is_some_and(|x| x.excludes(&hits)) {
            return Ok(Decimal::ZERO);
        }
        // round_money(price), without the call where the price has no more
        // places than the currency (as round's own first case does it).
        let price = if price.scale() <= program.currency_decimals && !price.is_sign_negative() {
            let mut price = price;
            if price.scale() != program.currency_decimals {
                price.rescale(program.currency_decimals);
            }
            price
        } else {
            program.round_money(price)
        };
        // The one line's net after the percent perk (§9.1): the badge's subtotal and B.
        let price = match self.perks {
            Some(Perks { percent_off: Some(percent), lines, max_amount, .. })
                if filter_matches(lines.as_ref(), &hits) =>
            {
                let mut d = program.round_money(div(mul(*percent, price)?, Decimal::ONE_HUNDRED)?);
                if let Some(max) = max_amount {
                    d = d.min(*max);
                }
                decimal::sub(price, d)?
            }
            _ => price,
        };
        let applies = |min: Option<Decimal>, lines: Option<&LineFilter>| {
            min.is_none_or(|m| price >= m) && filter_matches(lines, &hits)
        };
        let mut m: Option<Decimal> = None;
        for x in &self.multipliers {
            if m.is_none_or(|best| x.factor > best) && applies(x.min_subtotal, x.lines) {
                m = Some(x.factor);
            }
        }
        let (m, m_one) = match m {
            Some(m) => (m, decimal::is_one(&m)),
            None => (Decimal::ONE, true),
        };
        // One-line cart: ΣB = B, so a capped rule contributes exactly maxPoints.
        let mut order_total: Option<Decimal> = None;
        let mut base: Option<Decimal> = None;
        let skip_base = self.base_in_range && price_in_range;
        for r in &self.rules {
            if !applies(r.min_subtotal, r.lines) {
                continue;
            }
            let b = if r.per_unit { Decimal::ONE } else { price };
            let points_b = || if r.points_one { Ok(b) } else { mul(r.points, b) };
            let capped_points_b = match &r.cap {
                Some(_) => Some(points_b()?),
                None => None,
            };
            // Capped when snap(points × B) > snap(maxPoints × per).
            let cap = match (&r.cap, capped_points_b) {
                (Some(cap), Some(pb)) if decimal::snap(pb) > cap.limit.ok_or(Overflow)? => Some(cap),
                _ => None,
            };
            let term = match cap {
                Some(cap) => mul_by(cap.t_max.ok_or(Overflow)?, m, m_one)?,
                None => div_by(mul(r.points_t.ok_or(Overflow)?, mul_by(b, m, m_one)?)?, r.per, r.per_one)?,
            };
            // 0 + x is x.
            order_total = Some(match order_total {
                Some(total) => add(total, term)?,
                None => term,
            });
            if skip_base {
                continue;
            }
            let contribution = match cap {
                Some(cap) => cap.max,
                None => div_by(capped_points_b.map_or_else(points_b, Ok)?, r.per, r.per_one)?,
            };
            base = Some(match base {
                Some(base) => add(base, contribution)?,
                None => contribution,
            });
        }
        let points = match program.points.scope {
            Scope::Order => program.round_points(order_total.unwrap_or_default()),
            Scope::Line => program.round_points(mul(mul_by(base.unwrap_or_default(), m, m_one)?, self.t)?),
        };
        Ok(match program.max_points_per_order {
            Some(max) => points.min(max),
            None => points,
        })
    }

    /// The badges of typed products.
    pub fn badges(&self, products: &[Product]) -> Calc<Badges> {
        let badges = products
            .iter()
            .map(|p| Ok(Badge { sku: p.sku.clone(), points: self.program.round_points(self.points(p)?) }))
            .collect::<Calc<Vec<_>>>()?;
        Ok(Badges { badges })
    }
}
