//! Product badges (§5.5): "Earn 30 Stars" under every product of a listing.
//!
//! A badge is what one unit would earn as a one-line cart without shipping
//! or bonuses. Everything that does not depend on the product — which rules'
//! conditions hold, the tier multiplier, each rule's `points × T`, its cap
//! `maxPoints × per` — is decided once per call in [`BadgeEngine::new`]; per
//! product only the filters, `minSubtotal` and a few multiplications remain.
//!
//! Products are read without copying their strings: a [`ProductList`]
//! borrows them from a `json::Value` ([`read_product_list`]). The wasm
//! binding reads them straight from the text `JSON.stringify` wrote, one at a
//! time, computing and writing each badge as it goes
//! ([`BadgeEngine::badges_json_text`]).

use std::borrow::Cow;
use std::ops::Range;

use serde::Serialize;

use crate::decimal::{self, add, div, mul, Calc, Decimal, Overflow};
use crate::error::{Error, ErrorCode, Result};
use crate::filter::{filter_matches, when_holds, Facts, LineFilter, LineKeys};
use crate::input::{within_length, Fields, Path, Reader};
use crate::json::{self, Cursor, Literal, Value};
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
pub struct Badge<'a> {
    pub sku: Cow<'a, str>,
    pub points: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Badges<'a> {
    pub badges: Vec<Badge<'a>>,
}

const R: Reader = Reader::ARGUMENT;

/// Validated products whose strings are borrowed from the input: per
/// product its price and where its sku, categories and tags are in one
/// list of strings.
#[derive(Default)]
pub struct ProductList<'a> {
    items: Vec<Item>,
    strings: Vec<&'a str>,
}

struct Item {
    price: Decimal,
    sku: usize,
    categories: Range<usize>,
    tags: Range<usize>,
}

impl<'a> ProductList<'a> {
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Calls `f(sku, keys, price)` for every product, in order. Categories
    /// and tags are copied into two reused buffers, as a filter wants them
    /// (`&[String]`): no allocation per product once the buffers have grown.
    fn each(&self, mut f: impl FnMut(&'a str, &LineKeys, Decimal) -> Calc<()>) -> Calc<()> {
        let (mut categories, mut tags) = (StringBuffer::default(), StringBuffer::default());
        for item in &self.items {
            let sku = self.strings.get(item.sku).copied().unwrap_or_default();
            categories.refill(self.strings(&item.categories));
            tags.refill(self.strings(&item.tags));
            f(sku, &LineKeys { sku, categories: categories.as_slice(), tags: tags.as_slice() }, item.price)?;
        }
        Ok(())
    }

    fn strings(&self, range: &Range<usize>) -> &[&'a str] {
        self.strings.get(range.clone()).unwrap_or_default()
    }
}

fn too_many(n: usize) -> Error {
    Error::new(ErrorCode::LimitExceeded, "products", format!("{n} products; at most {MAX_PRODUCTS} per call"))
}

/// Reads `products` (invalid_argument at `products[i]…`, at most 10,000),
/// borrowing its strings.
pub fn read_product_list(v: &Value) -> Result<ProductList<'_>> {
    let root = Path::Root("products");
    let items = R.array(v, &root)?;
    if items.len() > MAX_PRODUCTS {
        return Err(too_many(items.len()));
    }
    let mut list = ProductList { items: Vec::with_capacity(items.len()), strings: Vec::with_capacity(3 * items.len()) };
    for (i, item) in items.iter().enumerate() {
        let p = root.index(i);
        let f = Fields::of(R, item, &p)?;
        let sku = list.strings.len();
        list.strings.push(R.string(f.required("sku")?, &p.key("sku"))?);
        let mut strings = |key: &'static str| -> Result<Range<usize>> {
            let Some(v) = f.get(key) else { return Ok(0..0) };
            let path = p.key(key);
            let items = R.array(v, &path)?;
            let start = list.strings.len();
            for (j, s) in items.iter().enumerate() {
                list.strings.push(R.string(s, &path.index(j))?);
            }
            Ok(start..list.strings.len())
        };
        let categories = strings("categories")?;
        let tags = strings("tags")?;
        let price = R.amount(f.required("price")?, &p.key("price"), false, None)?;
        list.items.push(Item { price, sku, categories, tags });
    }
    Ok(list)
}

/// Reads `products` with owned strings (see [`read_product_list`]).
pub fn read_products(v: &Value) -> Result<Vec<Product>> {
    let list = read_product_list(v)?;
    let owned = |strings: &[&str]| strings.iter().map(|s| s.to_string()).collect();
    Ok(list
        .items
        .iter()
        .map(|item| Product {
            sku: list.strings.get(item.sku).map(|s| s.to_string()).unwrap_or_default(),
            categories: owned(list.strings(&item.categories)),
            tags: owned(list.strings(&item.tags)),
            price: item.price,
        })
        .collect())
}

/// One product read from text: its sku and price (its categories and tags
/// are in the reader's buffers).
struct TextProduct<'a> {
    sku: Cow<'a, str>,
    price: Decimal,
}

/// Strings read into reused buffers: no allocation per product once they have grown.
#[derive(Default)]
struct StringBuffer {
    items: Vec<String>,
    len: usize,
}

impl StringBuffer {
    fn clear(&mut self) {
        self.len = 0;
    }

    fn push(&mut self, s: &str) {
        match self.items.get_mut(self.len) {
            Some(slot) => {
                slot.clear();
                slot.push_str(s);
            }
            None => self.items.push(s.to_string()),
        }
        self.len += 1;
    }

    fn refill(&mut self, items: &[&str]) {
        self.clear();
        for item in items {
            self.push(item);
        }
    }

    fn as_slice(&self) -> &[String] {
        self.items.get(..self.len).unwrap_or_default()
    }
}

/// The members of a product that matter.
enum Field {
    Sku,
    Price,
    Categories,
    Tags,
    Other,
}

/// A member's name and its colon.
fn field(c: &mut Cursor) -> Option<Field> {
    // As JSON.stringify writes them (no escapes): recognized at once.
    const SKU: Literal = Literal::new(b"\"sku\":");
    const PRICE: Literal = Literal::new(b"\"price\":");
    const CATEGORIES: Literal = Literal::new(b"\"categories\":");
    const TAGS: Literal = Literal::new(b"\"tags\":");
    for (literal, field) in
        [(&SKU, Field::Sku), (&PRICE, Field::Price), (&CATEGORIES, Field::Categories), (&TAGS, Field::Tags)]
    {
        if c.eat_literal(literal) {
            return Some(field);
        }
    }
    let which = |name: &[u8]| match name {
        b"sku" => Field::Sku,
        b"price" => Field::Price,
        b"categories" => Field::Categories,
        b"tags" => Field::Tags,
        _ => Field::Other,
    };
    let field = match c.plain_string() {
        Some(name) => which(name.as_bytes()),
        None => which(c.string()?.as_bytes()),
    };
    c.eat(b':').then_some(field)
}

/// Reads one product object (depth 2; its members' containers are at depth
/// 3), its categories and tags into the buffers. `None` unless it is valid
/// and written as `JSON.stringify` writes (no whitespace, no repeated name).
fn read_product_text<'a>(
    c: &mut Cursor<'a>,
    categories: &mut StringBuffer,
    tags: &mut StringBuffer,
) -> Option<TextProduct<'a>> {
    if !c.eat(b'{') {
        return None;
    }
    categories.clear();
    tags.clear();
    let (mut sku, mut price, mut seen_categories, mut seen_tags) = (None, None, false, false);
    if !c.eat(b'}') {
        loop {
            match field(c)? {
                Field::Sku if sku.is_none() => sku = Some(valid(c.string()?)?),
                Field::Price if price.is_none() => {
                    let x = match c.peek() {
                        b'"' => decimal::parse_decimal(&valid(c.string()?)?),
                        _ => decimal::parse_decimal(c.number()?),
                    };
                    price = Some(x.ok().filter(|x| !x.is_sign_negative() || x.is_zero())?);
                }
                Field::Categories if !seen_categories => {
                    seen_categories = true;
                    read_strings(c, categories)?;
                }
                Field::Tags if !seen_tags => {
                    seen_tags = true;
                    read_strings(c, tags)?;
                }
                Field::Other => c.skip_value(3)?,
                _ => return None,
            }
            if c.eat(b'}') {
                break;
            }
            if !c.eat(b',') {
                return None;
            }
        }
    }
    Some(TextProduct { sku: sku?, price: price? })
}

/// `["…",…]` into `out`.
fn read_strings(c: &mut Cursor, out: &mut StringBuffer) -> Option<()> {
    if !c.eat(b'[') {
        return None;
    }
    if !c.eat(b']') {
        loop {
            match c.plain_string() {
                Some(s) => out.push(valid_str(s)?),
                None => out.push(&valid(c.string()?)?),
            }
            if c.eat(b']') {
                break;
            }
            if !c.eat(b',') {
                return None;
            }
        }
    }
    Some(())
}

/// A string input within the length limit.
#[inline(always)]
fn valid(s: Cow<'_, str>) -> Option<Cow<'_, str>> {
    valid_str(&s)?;
    Some(s)
}

#[inline(always)]
fn valid_str(s: &str) -> Option<&str> {
    within_length(s).then_some(s)
}

/// A spend or per_unit rule whose condition (all but `minSubtotal`) holds.
struct ActiveRule<'p> {
    lines: &'p Option<LineFilter>,
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
    lines: &'p Option<LineFilter>,
    min_subtotal: Option<Decimal>,
    factor: Decimal,
}

pub struct BadgeEngine<'p> {
    program: &'p Program,
    t: Decimal,
    rules: Vec<ActiveRule<'p>>,
    multipliers: Vec<ActiveMultiplier<'p>>,
    /// Scope order, and the base points (`points × B / per`, or maxPoints,
    /// summed over the rules) stay far within 10^16 for every price ≤ 10^12:
    /// they are then neither printed nor able to fail, and are skipped.
    base_in_range: bool,
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
    pub fn new(program: &'p Program, facts: &Facts, t: Decimal) -> BadgeEngine<'p> {
        let any_subtotal = Facts { eligible_subtotal: Decimal::MAX, ..*facts };
        let mut rules = Vec::new();
        let mut multipliers = Vec::new();
        for rule in &program.earning {
            if !when_holds(&rule.when, &any_subtotal) {
                continue;
            }
            let min_subtotal = rule.when.as_ref().and_then(|w| w.min_subtotal);
            let (points, per, per_unit, max_points) = match &rule.kind {
                RuleKind::Spend { points, per, max_points, .. } => (*points, *per, false, *max_points),
                RuleKind::PerUnit { points, max_points } => (*points, Decimal::ONE, true, *max_points),
                RuleKind::Multiplier { factor } => {
                    multipliers.push(ActiveMultiplier { lines: &rule.lines, min_subtotal, factor: *factor });
                    continue;
                }
                _ => continue,
            };
            rules.push(ActiveRule {
                lines: &rule.lines,
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
        BadgeEngine { program, t, rules, multipliers, base_in_range }
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
    fn points_of(&self, keys: &LineKeys, price: Decimal, price_in_range: bool) -> Calc<Decimal> {
        let program = self.program;
        if program.exclude.as_ref().is_some_and(|x| x.excludes(keys)) {
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
        let applies = |min: Option<Decimal>, lines: &Option<LineFilter>| {
            min.is_none_or(|m| price >= m) && filter_matches(lines, keys)
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
    pub fn badges<'a>(&self, products: &'a [Product]) -> Calc<Badges<'a>> {
        let badges = products
            .iter()
            .map(|p| {
                Ok(Badge { sku: Cow::Borrowed(p.sku.as_str()), points: self.program.points_text(self.points(p)?) })
            })
            .collect::<Calc<Vec<_>>>()?;
        Ok(Badges { badges })
    }

    /// The badges of a product list.
    pub fn list_badges<'a>(&self, products: &ProductList<'a>) -> Calc<Badges<'a>> {
        let mut badges = Vec::with_capacity(products.len());
        products.each(|sku, keys, price| {
            let points = self.program.points_text(self.points_of(keys, price, true)?);
            badges.push(Badge { sku: Cow::Borrowed(sku), points });
            Ok(())
        })?;
        Ok(Badges { badges })
    }

    /// The badges of the products in the text `JSON.stringify(products)`
    /// wrote, as JSON text (see [`BadgeEngine::badges_json`]): each product
    /// read, computed and written in turn, nothing kept. `None` unless every
    /// product is valid and every value within range: the general route
    /// (`json::parse_stringified`, [`read_product_list`]) then reports the
    /// error. On text it accepts, the two give the same text.
    pub fn badges_json_text(&self, text: &str) -> Option<String> {
        let mut c = Cursor::new(text);
        let (mut categories, mut tags) = (StringBuffer::default(), StringBuffer::default());
        let mut out = Vec::with_capacity(16 + text.len() / 2);
        out.extend_from_slice(b"{\"badges\":[");
        if !c.eat(b'[') {
            return None;
        }
        if !c.eat(b']') {
            for n in 0.. {
                if n == MAX_PRODUCTS {
                    return None; // the general route reports the limit
                }
                let p = read_product_text(&mut c, &mut categories, &mut tags)?;
                let keys = LineKeys { sku: &p.sku, categories: categories.as_slice(), tags: tags.as_slice() };
                let points = self.points_of(&keys, p.price, true).ok()?;
                self.write_badge(&mut out, n == 0, &p.sku, points);
                if c.eat(b']') {
                    break;
                }
                if !c.eat(b',') {
                    return None;
                }
            }
        }
        if !c.at_end() {
            return None;
        }
        out.extend_from_slice(if out.ends_with(b"[") { b"]}" } else { b"\"}]}" });
        // Pieces of UTF-8 text and ASCII: valid.
        String::from_utf8(out).ok()
    }

    /// Appends `{"sku":…,"points":"…` (the closing `"}` comes with the next
    /// badge's comma, or at the end).
    fn write_badge(&self, out: &mut Vec<u8>, first: bool, sku: &str, points: Decimal) {
        out.extend_from_slice(if first { b"{\"sku\":\"" } else { b"\"},{\"sku\":\"" });
        json::write_string_body(out, sku);
        out.extend_from_slice(b"\",\"points\":\"");
        self.program.write_points(out, points);
    }

    /// The badges of a product list as JSON text, `{"badges":[{"sku":…,"points":…},…]}`
    /// (the wasm binding hands it to `JSON.parse`: one call instead of two
    /// strings and an object per product).
    pub fn badges_json(&self, products: &ProductList) -> Calc<String> {
        let mut out = Vec::with_capacity(16 + 48 * products.len());
        out.extend_from_slice(b"{\"badges\":[");
        let mut first = true;
        products.each(|sku, keys, price| {
            let points = self.points_of(keys, price, true)?;
            self.write_badge(&mut out, first, sku, points);
            first = false;
            Ok(())
        })?;
        out.extend_from_slice(if first { b"]}" } else { b"\"}]}" });
        // Pieces of UTF-8 text and ASCII: valid.
        Ok(String::from_utf8(out).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::member::Member;
    use crate::time::Timestamp;

    fn program() -> Program {
        let text = r#"{"version":1,"currency":"USD","points":{"decimals":1,"rounding":"half_up"},
            "exclude":{"categories":["gift"]},"maxPointsPerOrder":"900",
            "earning":[{"id":"base","type":"spend","points":"1"},
                {"id":"third","type":"spend","points":"1","per":"3","lines":{"tags":["t1"]},"maxPoints":"50"},
                {"id":"x2","type":"multiplier","factor":"2","lines":{"categories":["c"]}}]}"#;
        Program::from_value(&json::parse(text).unwrap()).unwrap()
    }

    /// The badges of the general route: the parsed text, then the product list.
    fn general(p: &Program, text: &str) -> Option<String> {
        let v = json::parse_stringified(text).ok()?;
        let list = read_product_list(&v).ok()?;
        engine(p).badges_json(&list).ok()
    }

    fn engine(p: &Program) -> BadgeEngine<'_> {
        p.badge_engine(&Member::guest(), Timestamp::parse("2026-11-24T10:00:00Z").unwrap()).unwrap()
    }

    #[test]
    fn text_route_agrees_with_the_general_route() {
        let p = program();
        let many = format!("[{}]", vec![r#"{"sku":"A","price":"1"}"#; MAX_PRODUCTS].join(","));
        let valid = [
            "[]",
            r#"[{"sku":"A","price":"1.50"}]"#,
            r#"[{"price":12.5,"x":{"y":[1,2,{"z":true}]},"tags":["t1","t2"],"sku":"B\"\\\n\u00e9\ud83d\ude00","categories":[]}]"#,
            r#"[{"sku":"A","categories":["c\/d","c"],"tags":[],"price":"200"},{"sku":"","price":"-0","z":"null-ish"}]"#,
            r#"[{"sku":"\ud800 lone","price":"1e3","categories":["gift"]},{"sku":"\u0041","price":"1e12","tags":["t1"]}]"#,
            r#"[{"sku":"A","price":"1","x":[1, 2]},{"sku":"B","price":"299.99","categories":["c"],"tags":["t1"]}]"#,
            &many,
        ];
        for text in valid {
            let fast = engine(&p).badges_json_text(text).unwrap_or_else(|| panic!("text route refused {text}"));
            assert_eq!(Some(fast), general(&p, text), "{text}");
        }
    }

    #[test]
    fn text_route_leaves_the_rest_to_the_general_route() {
        let p = program();
        let long = format!(r#"[{{"sku":"{}","price":"1"}}]"#, "x".repeat(257));
        let deep = format!(r#"[{{"sku":"A","price":"1","x":{}{}}}]"#, "[".repeat(31), "]".repeat(31));
        let ok_deep = format!(r#"[{{"sku":"A","price":"1","x":{}{}}}]"#, "[".repeat(30), "]".repeat(30));
        assert!(engine(&p).badges_json_text(&ok_deep).is_some());
        let many = format!("[{}]", vec![r#"{"sku":"A","price":"1"}"#; MAX_PRODUCTS + 1].join(","));
        let invalid = [
            "",
            "{}",
            "[",
            "[{}]",
            "[1]",
            r#"[{"sku":"A"}]"#,
            r#"[{"price":"1"}]"#,
            r#"[{"sku":1,"price":"1"}]"#,
            r#"[{"sku":"A","price":"-1"}]"#,
            r#"[{"sku":"A","price":"abc"}]"#,
            r#"[{"sku":"A","price":"1.0000000000001"}]"#,
            r#"[{"sku":"A","price":1e+21}]"#,
            r#"[{"sku":"A","price":"1","tags":"t"}]"#,
            r#"[{"sku":"A","price":"1","tags":[1]}]"#,
            r#"[{"sku":"A","price":"1","tags":null}]"#,
            r#"[{"sku":"A","price":"1","sku":"B"}]"#,
            r#"[{"sku":"A","price":"1"}] x"#,
            r#"[{"sku":"A","price":"1"},]"#,
            r#"[{"sku":"A","price":"1",}]"#,
            r#"[{"sku":"A","price":"1","x":tru}]"#,
            r#"[{"sku":"A\u00","price":"1"}]"#,
            " []",
            "[]\n",
            r#"[{"sku":"A", "price":"1"}]"#,
            &long,
            &deep,
            &many,
        ];
        for text in invalid {
            assert!(engine(&p).badges_json_text(text).is_none(), "text route accepted {text}");
            // Whitespace and repeated keys (JSON.stringify writes neither)
            // and null (the binding sends no text with `null` here) the
            // general route reads; the rest it reports.
            let reads =
                text.contains(r#""sku":"B""#) || text.contains("null") || text.contains(", ") || text.trim() != text;
            assert_eq!(general(&p, text).is_some(), reads, "general route on {text}");
        }
        // A value out of range: the general route reports it (limit_exceeded).
        let p = Program::from_value(
            &json::parse(r#"{"version":1,"currency":"USD","earning":[{"id":"b","type":"spend","points":"1000000"}]}"#)
                .unwrap(),
        )
        .unwrap();
        let huge = r#"[{"sku":"A","price":"1"},{"sku":"B","price":"100000000000"}]"#;
        assert!(engine(&p).badges_json_text(huge).is_none());
        assert!(engine(&p).badges_json_text(r#"[{"sku":"A","price":"1"}]"#).is_some());
    }

    #[test]
    fn base_points_out_of_range_are_reported_in_scope_order_too() {
        // T = 0.0001: the term (10^6 × T × 10^11 = 10^13) is in range, the
        // base points (10^6 × 10^11) are not: limit_exceeded, as previewEarn.
        let p = Program::from_value(&json::parse(r#"{"version":1,"currency":"USD",
            "tiers":{"metric":"points","window":{"type":"lifetime"},"levels":[{"id":"a","threshold":"0","earnMultiplier":"0.0001"}]},
            "earning":[{"id":"b","type":"spend","points":"1000000"}]}"#).unwrap()).unwrap();
        let e = engine(&p);
        assert!(!e.base_in_range);
        assert!(e.badges_json_text(r#"[{"sku":"A","price":"100000000000"}]"#).is_none());
        assert_eq!(general(&p, r#"[{"sku":"A","price":"100000000000"}]"#), None);
        assert_eq!(
            e.badges_json_text(r#"[{"sku":"A","price":"1000"}]"#).as_deref(),
            Some(r#"{"badges":[{"sku":"A","points":"100000"}]}"#)
        );
        assert!(engine(&program()).base_in_range);
    }

    #[test]
    fn badges_json_escapes_skus() {
        let mut out = String::new();
        json::write_string(&mut out, "a\"b\\c\nd\u{1}é");
        assert_eq!(out, r#""a\"b\\c\nd\u0001é""#);
        assert_eq!(json::parse_stringified(&out), Ok(Value::String("a\"b\\c\nd\u{1}é".into())));
    }
}
