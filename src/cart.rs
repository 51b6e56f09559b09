//! The cart (§3.1): validation, receipt-line amounts, `orderDiscount`
//! allocation by largest remainder, net and gross per line, eligibility.

use crate::decimal::{self, Decimal};
use crate::error::{Error, ErrorCode, Result};
use crate::filter::LineKeys;
use crate::input::{Fields, Path, Reader};
use crate::json::Value;
use crate::program::Program;

pub const MAX_CART_LINES: usize = 1_000;
/// Largest `quantity` (§1 Limits).
pub const MAX_QUANTITY: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

const R: Reader = Reader::CART;

#[derive(Clone, Debug, PartialEq)]
pub struct CartLine {
    pub id: String,
    pub sku: String,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    pub unit_price: Decimal,
    pub quantity: Decimal,
    pub discount: Decimal,
    pub tax: Decimal,
}

impl CartLine {
    pub fn keys(&self) -> LineKeys<'_> {
        LineKeys { sku: &self.sku, categories: &self.categories, tags: &self.tags }
    }
}

/// A validated cart, as the caller gave it.
#[derive(Clone, Debug, PartialEq)]
pub struct Cart {
    pub currency: String,
    pub prices_include_tax: bool,
    pub channel: Option<String>,
    pub payment_method: Option<String>,
    pub shipping: Decimal,
    pub order_discount: Decimal,
    pub lines: Vec<CartLine>,
}

/// A line's amounts after pricing.
#[derive(Clone, Debug, PartialEq)]
pub struct PricedLine {
    pub eligible: bool,
    pub net: Decimal,
    pub gross: Decimal,
}

/// A cart's amounts: what earning, tiers and redemption compute with.
#[derive(Clone, Debug, PartialEq)]
pub struct Priced {
    pub lines: Vec<PricedLine>,
    /// Σ net over eligible lines.
    pub eligible_subtotal: Decimal,
    /// Σ gross over all lines + shipping: what the customer pays (§5.3).
    pub total: Decimal,
}

impl Cart {
    /// Validates a cart against the program (currency, minor units, limits).
    pub fn from_value(program: &Program, v: &Value) -> Result<Cart> {
        let root = Path::Root("cart");
        let f = Fields::of(R, v, &root)?;
        let money_places = Some(program.currency_decimals);
        let money = |key: &'static str| -> Result<Decimal> {
            f.get(key).map_or(Ok(Decimal::ZERO), |v| R.amount(v, &root.key(key), false, money_places))
        };
        let currency = R.string(f.required("currency")?, &root.key("currency"))?;
        if currency != program.currency {
            return Err(R.error(
                &root.key("currency"),
                format!("cart currency \"{currency}\" differs from the program's \"{}\"", program.currency),
            ));
        }
        let opt_text = |key: &'static str| -> Result<Option<String>> {
            f.get(key).map(|v| R.string(v, &root.key(key)).map(str::to_owned)).transpose()
        };
        let lpath = root.key("lines");
        let items = R.array(f.required("lines")?, &lpath)?;
        if items.len() > MAX_CART_LINES {
            return Err(Error::new(
                ErrorCode::LimitExceeded,
                "cart.lines",
                format!("{} lines; at most {MAX_CART_LINES} allowed", items.len()),
            ));
        }
        let mut lines = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let p = lpath.index(i);
            let l = Fields::of(R, item, &p)?;
            let lmoney = |key: &'static str| -> Result<Decimal> {
                l.get(key).map_or(Ok(Decimal::ZERO), |v| R.amount(v, &p.key(key), false, money_places))
            };
            let strings = |key: &'static str| -> Result<Vec<String>> {
                l.get(key).map_or(Ok(Vec::new()), |v| R.strings(v, &p.key(key), None))
            };
            let quantity = R.decimal(l.required("quantity")?, &p.key("quantity"))?;
            if quantity.is_sign_negative() && !quantity.is_zero() {
                return Err(R.error(&p.key("quantity"), "quantity must not be negative"));
            }
            if quantity > MAX_QUANTITY {
                return Err(Error::new(ErrorCode::LimitExceeded, p.key("quantity").render(), "quantity above 10^6"));
            }
            lines.push(CartLine {
                id: match l.get("id") {
                    Some(v) => R.string(v, &p.key("id"))?.to_owned(),
                    None => i.to_string(),
                },
                sku: R.string(l.required("sku")?, &p.key("sku"))?.to_owned(),
                categories: strings("categories")?,
                tags: strings("tags")?,
                unit_price: R.amount(l.required("unitPrice")?, &p.key("unitPrice"), false, None)?,
                quantity,
                discount: lmoney("discount")?,
                tax: lmoney("tax")?,
            });
        }
        Ok(Cart {
            currency: currency.to_owned(),
            prices_include_tax: f
                .get("pricesIncludeTax")
                .map_or(Ok(false), |v| R.boolean(v, &root.key("pricesIncludeTax")))?,
            channel: opt_text("channel")?,
            payment_method: opt_text("paymentMethod")?,
            shipping: money("shipping")?,
            order_discount: money("orderDiscount")?,
            lines,
        })
    }

    /// An empty cart in the program's currency (used for product badges).
    pub fn empty(program: &Program) -> Cart {
        Cart {
            currency: program.currency.clone(),
            prices_include_tax: false,
            channel: None,
            payment_method: None,
            shipping: Decimal::ZERO,
            order_discount: Decimal::ZERO,
            lines: Vec::new(),
        }
    }

    /// Prices the cart (§3.1). Errors are the cart's own (`invalid_cart`), or
    /// `limit_exceeded` at `cart` when an amount leaves the 10^16 range.
    pub fn price(&self, program: &Program) -> Result<Priced> {
        self.price_at(program, "cart")
    }

    /// [`Cart::price`], reporting an amount beyond 10^16 at `first`, the
    /// first argument of the operation (`member` for `tierProgress`, §1).
    pub fn price_at(&self, program: &Program, first: &'static str) -> Result<Priced> {
        let overflow = |_| Error::new(ErrorCode::LimitExceeded, first, "an amount of the cart exceeds 10^16");
        let mut amounts = Vec::with_capacity(self.lines.len());
        let mut before_discount = Vec::with_capacity(self.lines.len());
        for (i, line) in self.lines.iter().enumerate() {
            let extended = program.round_money(decimal::mul(line.unit_price, line.quantity).map_err(overflow)?);
            let amount = decimal::sub(extended, line.discount).map_err(overflow)?;
            let nb = if self.prices_include_tax { decimal::sub(amount, line.tax).map_err(overflow)? } else { amount };
            if nb.is_sign_negative() && !nb.is_zero() {
                return Err(negative_net(i));
            }
            amounts.push(amount);
            before_discount.push(nb);
        }
        let allocated = allocate(program, self.order_discount, &before_discount).map_err(|e| match e {
            Allocation::TooLarge => Error::new(
                ErrorCode::InvalidCart,
                "cart.orderDiscount",
                "orderDiscount is larger than the lines it can be taken from",
            ),
            Allocation::Overflow => overflow(decimal::Overflow),
        })?;
        let mut lines = Vec::with_capacity(self.lines.len());
        let mut eligible_subtotal = Decimal::ZERO;
        let mut total = self.shipping;
        for (i, line) in self.lines.iter().enumerate() {
            let net =
                before_discount.get(i).copied().unwrap_or_default() - allocated.get(i).copied().unwrap_or_default();
            if net.is_sign_negative() && !net.is_zero() {
                return Err(negative_net(i));
            }
            let gross = decimal::add(net, line.tax).map_err(overflow)?;
            let eligible = program.exclude.as_ref().is_none_or(|x| !x.excludes(&line.keys()));
            if eligible {
                eligible_subtotal = decimal::add(eligible_subtotal, net).map_err(overflow)?;
            }
            total = decimal::add(total, gross).map_err(overflow)?;
            lines.push(PricedLine { eligible, net, gross });
        }
        Ok(Priced { lines, eligible_subtotal, total })
    }
}

fn negative_net(i: usize) -> Error {
    Error::new(ErrorCode::InvalidCart, format!("cart.lines[{i}]"), "the line's net amount is negative")
}

enum Allocation {
    TooLarge,
    Overflow,
}

/// Splits `discount` over lines with a positive net before discount, in
/// proportion to it: shares rounded down to the minor unit, the left-over
/// units one each to the largest remainders (ties: the earlier line).
fn allocate(program: &Program, discount: Decimal, nets: &[Decimal]) -> std::result::Result<Vec<Decimal>, Allocation> {
    let mut shares = vec![Decimal::ZERO; nets.len()];
    if discount.is_zero() {
        return Ok(shares);
    }
    let base = decimal::sum(nets.iter().copied().filter(|n| *n > Decimal::ZERO)).map_err(|_| Allocation::Overflow)?;
    if discount > base {
        return Err(Allocation::TooLarge);
    }
    let unit = program.minor_unit();
    let mut remainders: Vec<(Decimal, usize)> = Vec::new();
    let mut given = Decimal::ZERO;
    for (i, net) in nets.iter().enumerate() {
        if *net <= Decimal::ZERO {
            continue;
        }
        let exact = decimal::snap(
            decimal::div(decimal::mul(discount, *net).map_err(|_| Allocation::Overflow)?, base)
                .map_err(|_| Allocation::Overflow)?,
        );
        let share = exact.round_dp_with_strategy(program.currency_decimals, rust_decimal::RoundingStrategy::ToZero);
        given += share;
        if let Some(s) = shares.get_mut(i) {
            *s = share;
        }
        remainders.push((decimal::snap(exact - share), i));
    }
    // Largest remainder first; ties: the earlier line.
    remainders.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut left = discount - given;
    for (_, i) in remainders {
        if left < unit {
            break;
        }
        if let Some(s) = shares.get_mut(i) {
            *s += unit;
        }
        left -= unit;
    }
    Ok(shares)
}
