//! Product badges (§5.5): "Earn 30 Stars" under every product of a listing.
//!
//! A badge is what one unit would earn as a one-line cart without shipping
//! or bonuses. Everything that does not depend on the product — which rules'
//! conditions hold, the tier multiplier — is decided once per call in
//! [`BadgeEngine::new`]; per product only the filters, `minSubtotal` and a
//! few multiplications remain.

use serde::Serialize;

use crate::decimal::{self, add, div, mul, Calc, Decimal};
use crate::error::{Error, ErrorCode, Result};
use crate::filter::{filter_matches, when_holds, Facts, LineFilter, LineKeys};
use crate::input::{Fields, Path, Reader};
use crate::json::Value;
use crate::program::{Program, RuleKind, Scope};

pub const MAX_PRODUCTS: usize = 10_000;

#[derive(Clone, Debug, PartialEq)]
pub struct Product {
    pub sku: String,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    pub price: Decimal,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Badge {
    pub sku: String,
    pub points: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Badges {
    pub badges: Vec<Badge>,
}

const R: Reader = Reader::ARGUMENT;

/// Reads `products` (invalid_argument at `products[i]…`, at most 10,000).
pub fn read_products(v: &Value) -> Result<Vec<Product>> {
    let root = Path::Root("products");
    let items = R.array(v, &root)?;
    if items.len() > MAX_PRODUCTS {
        return Err(Error::new(
            ErrorCode::LimitExceeded,
            "products",
            format!("{} products; at most {MAX_PRODUCTS} per call", items.len()),
        ));
    }
    let mut products = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let p = root.index(i);
        let f = Fields::of(R, item, &p)?;
        let strings = |key: &'static str| f.get(key).map_or(Ok(Vec::new()), |v| R.strings(v, &p.key(key), None));
        products.push(Product {
            sku: R.string(f.required("sku")?, &p.key("sku"))?.to_owned(),
            categories: strings("categories")?,
            tags: strings("tags")?,
            price: R.amount(f.required("price")?, &p.key("price"), false, None)?,
        });
    }
    Ok(products)
}

/// A spend or per_unit rule whose condition (all but `minSubtotal`) holds.
struct ActiveRule<'p> {
    lines: &'p Option<LineFilter>,
    min_subtotal: Option<Decimal>,
    /// Points per `per` of price (per_unit: per 1 unit, `per` = 1 and B = 1).
    points: Decimal,
    per: Decimal,
    per_unit: bool,
    max_points: Option<Decimal>,
}

struct ActiveMultiplier<'p> {
    lines: &'p Option<LineFilter>,
    min_subtotal: Option<Decimal>,
    factor: Decimal,
}

pub struct BadgeEngine<'p> {
    program: &'p Program,
    t: Decimal,
    rules: Vec<ActiveRule<'p>>,
    multipliers: Vec<ActiveMultiplier<'p>>,
}

impl<'p> BadgeEngine<'p> {
    /// `facts`: the member's facts at now; their subtotal is ignored — a
    /// badge's subtotal is its own price, checked per product.
    pub fn new(program: &'p Program, facts: &Facts, t: Decimal) -> BadgeEngine<'p> {
        let any_subtotal = Facts { eligible_subtotal: Decimal::MAX, ..*facts };
        let mut rules = Vec::new();
        let mut multipliers = Vec::new();
        for rule in &program.earning {
            if !when_holds(&rule.when, &any_subtotal) {
                continue;
            }
            let min_subtotal = rule.when.as_ref().and_then(|w| w.min_subtotal);
            match &rule.kind {
                RuleKind::Spend { points, per, max_points, .. } => rules.push(ActiveRule {
                    lines: &rule.lines,
                    min_subtotal,
                    points: *points,
                    per: *per,
                    per_unit: false,
                    max_points: *max_points,
                }),
                RuleKind::PerUnit { points, max_points } => rules.push(ActiveRule {
                    lines: &rule.lines,
                    min_subtotal,
                    points: *points,
                    per: Decimal::ONE,
                    per_unit: true,
                    max_points: *max_points,
                }),
                RuleKind::Multiplier { factor } => {
                    multipliers.push(ActiveMultiplier { lines: &rule.lines, min_subtotal, factor: *factor })
                }
                _ => {}
            }
        }
        BadgeEngine { program, t, rules, multipliers }
    }

    /// The points one unit of `product` earns.
    pub fn points(&self, product: &Product) -> Calc<Decimal> {
        let program = self.program;
        let keys = LineKeys { sku: &product.sku, categories: &product.categories, tags: &product.tags };
        if program.exclude.as_ref().is_some_and(|x| x.excludes(&keys)) {
            return Ok(Decimal::ZERO);
        }
        let price = program.round_money(product.price);
        let applies = |min: Option<Decimal>, lines: &Option<LineFilter>| {
            min.is_none_or(|m| price >= m) && filter_matches(lines, &keys)
        };
        let mut m: Option<Decimal> = None;
        for x in &self.multipliers {
            if m.is_none_or(|best| x.factor > best) && applies(x.min_subtotal, x.lines) {
                m = Some(x.factor);
            }
        }
        let m = m.unwrap_or(Decimal::ONE);
        // One-line cart: ΣB = B, so a capped rule contributes exactly maxPoints.
        let mut order_total = Decimal::ZERO;
        let mut base = Decimal::ZERO;
        for r in &self.rules {
            if !applies(r.min_subtotal, r.lines) {
                continue;
            }
            let b = if r.per_unit { Decimal::ONE } else { price };
            let capped = match r.max_points {
                Some(max) => decimal::snap(mul(r.points, b)?) > decimal::snap(mul(max, r.per)?),
                None => false,
            };
            let (term, contribution) = match (capped, r.max_points) {
                (true, Some(max)) => (mul(mul(self.t, max)?, m)?, max),
                _ => (div(mul(mul(r.points, self.t)?, mul(b, m)?)?, r.per)?, div(mul(r.points, b)?, r.per)?),
            };
            order_total = add(order_total, term)?;
            base = add(base, contribution)?;
        }
        let points = match program.points.scope {
            Scope::Order => program.round_points(order_total),
            Scope::Line => program.round_points(mul(mul(base, m)?, self.t)?),
        };
        Ok(match program.max_points_per_order {
            Some(max) => points.min(max),
            None => points,
        })
    }

    pub fn badges(&self, products: &[Product]) -> Calc<Badges> {
        let badges = products
            .iter()
            .map(|p| Ok(Badge { sku: p.sku.clone(), points: self.program.points_text(self.points(p)?) }))
            .collect::<Calc<Vec<_>>>()?;
        Ok(Badges { badges })
    }
}
