//! The cart (§3.1): validation, receipt-line amounts, `orderDiscount`
//! allocation by largest remainder, net and gross per line, eligibility.

use crate::decimal::Decimal;
use crate::error::{Error, ErrorCode, Result};
use crate::filter::LineKeys;
use crate::input::{Fields, Path, Reader, MAX_LINE_VALUES};
use crate::json::Value;
use crate::program::Program;

pub const MAX_CART_LINES: usize = 1_000;
/// Largest `quantity` (§1 Limits).
pub const MAX_QUANTITY: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

const R: Reader = Reader::CART;

/// The fields of a cart and of its lines (§3.1).
const CART_FIELDS: &[&str] =
    &["currency", "pricesIncludeTax", "channel", "paymentMethod", "shipping", "orderDiscount", "lines"];
const LINE_FIELDS: &[&str] = &["id", "sku", "categories", "tags", "unitPrice", "quantity", "discount", "tax"];

#[derive(Clone, Debug, PartialEq)]
pub struct CartLine {
    pub(crate) id: String,
    pub(crate) sku: String,
    pub(crate) categories: Vec<String>,
    pub(crate) tags: Vec<String>,
    pub(crate) unit_price: Decimal,
    pub(crate) quantity: Decimal,
    pub(crate) discount: Decimal,
    pub(crate) tax: Decimal,
}

impl CartLine {
    pub fn keys(&self) -> LineKeys<'_> {
        LineKeys { sku: &self.sku, categories: &self.categories, tags: &self.tags }
    }
}

/// A validated cart, as the caller gave it.
#[derive(Clone, Debug, PartialEq)]
pub struct Cart {
    pub(crate) currency: String,
    pub(crate) prices_include_tax: bool,
    pub(crate) channel: Option<String>,
    pub(crate) payment_method: Option<String>,
    pub(crate) shipping: Decimal,
    pub(crate) order_discount: Decimal,
    pub(crate) lines: Vec<CartLine>,
}

impl Cart {
    /// Parses and validates a cart given as JSON text.
    pub fn from_json(program: &Program, text: &str) -> Result<Cart> {
        let v = crate::json::parse(text).map_err(|e| crate::input::json_error(e, "cart"))?;
        Cart::from_value(program, &v)
    }

    /// Validates a cart against the program (currency, minor units, limits).
    pub fn from_value(program: &Program, v: &Value) -> Result<Cart> {
        Cart::read(program, v, false)
    }

    /// [`Cart::from_value`]; `strict`: unknown fields are errors (for development).
    pub(crate) fn read(program: &Program, v: &Value, strict: bool) -> Result<Cart> {
        let root = Path::Root("cart");
        let f = Fields::of(R, v, &root)?;
        f.known(CART_FIELDS, strict)?;
        let money_places = Some(program.currency_decimals);
        let money = |key: &'static str| -> Result<Decimal> {
            f.get(key).map_or(Ok(Decimal::ZERO), |v| R.amount(v, &root.key(key), false, money_places))
        };
        let currency = R.string(f.required("currency")?, &root.key("currency"))?;
        if program.currency != currency {
            return Err(R.error(
                &root.key("currency"),
                format!("cart currency \"{currency}\" differs from the program's \"{}\"", program.currency.as_str()),
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
            l.known(LINE_FIELDS, strict)?;
            let lmoney = |key: &'static str| -> Result<Decimal> {
                l.get(key).map_or(Ok(Decimal::ZERO), |v| R.amount(v, &p.key(key), false, money_places))
            };
            let strings = |key: &'static str| -> Result<Vec<String>> {
                l.get(key).map_or(Ok(Vec::new()), |v| R.owned_strings(v, &p.key(key), Some(MAX_LINE_VALUES)))
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
            currency: program.currency.to_string(),
            prices_include_tax: false,
            channel: None,
            payment_method: None,
            shipping: Decimal::ZERO,
            order_discount: Decimal::ZERO,
            lines: Vec::new(),
        }
    }
}
