//! The amounts of a cart (§3.1): receipt-line amounts, the `orderDiscount`
//! split by largest remainder, net and gross per line, eligibility, the
//! eligible subtotal and what the customer pays.

use crate::cart::Cart;
use crate::decimal::{self, Calc, Decimal, Overflow};
use crate::program::Program;

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

/// Why a cart cannot be priced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PriceError {
    /// Line `i`'s net is negative (`invalid_cart` at `cart.lines[i]`).
    NegativeNet(usize),
    /// `orderDiscount` exceeds the nets it is split over.
    DiscountTooLarge,
    /// An amount left the 10^16 range.
    Overflow,
}

impl From<Overflow> for PriceError {
    fn from(_: Overflow) -> Self {
        PriceError::Overflow
    }
}

/// Prices `cart` (§3.1).
pub fn price(program: &Program, cart: &Cart) -> Result<Priced, PriceError> {
    let mut before_discount = Vec::with_capacity(cart.lines.len());
    for (i, line) in cart.lines.iter().enumerate() {
        let extended = program.round_money(decimal::mul(line.unit_price, line.quantity)?);
        let amount = decimal::sub(extended, line.discount)?;
        let nb = if cart.prices_include_tax { decimal::sub(amount, line.tax)? } else { amount };
        if nb.is_sign_negative() && !nb.is_zero() {
            return Err(PriceError::NegativeNet(i));
        }
        before_discount.push(nb);
    }
    let allocated = allocate(program, cart.order_discount, &before_discount)?;
    let mut lines = Vec::with_capacity(cart.lines.len());
    let mut eligible_subtotal = Decimal::ZERO;
    let mut total = cart.shipping;
    for (i, line) in cart.lines.iter().enumerate() {
        let net = before_discount.get(i).copied().unwrap_or_default() - allocated.get(i).copied().unwrap_or_default();
        if net.is_sign_negative() && !net.is_zero() {
            return Err(PriceError::NegativeNet(i));
        }
        let gross = decimal::add(net, line.tax)?;
        let eligible = program.exclude.as_ref().is_none_or(|x| !x.excludes(&line.keys()));
        if eligible {
            eligible_subtotal = decimal::add(eligible_subtotal, net)?;
        }
        total = decimal::add(total, gross)?;
        lines.push(PricedLine { eligible, net, gross });
    }
    Ok(Priced { lines, eligible_subtotal, total })
}

/// Splits `discount` over lines with a positive net before discount, in
/// proportion to it: shares rounded down to the minor unit, the left-over
/// units one each to the largest remainders (ties: the earlier line).
fn allocate(program: &Program, discount: Decimal, nets: &[Decimal]) -> Result<Vec<Decimal>, PriceError> {
    let mut shares = vec![Decimal::ZERO; nets.len()];
    if discount.is_zero() {
        return Ok(shares);
    }
    let base = decimal::sum(nets.iter().copied().filter(|n| *n > Decimal::ZERO))?;
    if discount > base {
        return Err(PriceError::DiscountTooLarge);
    }
    let unit = program.minor_unit();
    let mut remainders: Vec<(Decimal, usize)> = Vec::new();
    let mut given = Decimal::ZERO;
    for (i, net) in nets.iter().enumerate() {
        if *net <= Decimal::ZERO {
            continue;
        }
        let exact: Calc<Decimal> = decimal::div(decimal::mul(discount, *net)?, base);
        let exact = decimal::snap(exact?);
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
