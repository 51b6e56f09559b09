//! The amounts of a cart (§3.1): receipt-line amounts, the `orderDiscount`
//! split by largest remainder, net and gross per line, eligibility, the
//! eligible subtotal and what the customer pays; then the cart after the
//! tier's perks (§9.1) and after discounts paid with points (§9.3), split
//! with the same largest-remainder rounding.

use crate::cart::Cart;
use crate::decimal::{self, Calc, Decimal, Overflow, Rounding};
use crate::filter::Hits;
use crate::program::Program;

/// A line's amounts after pricing.
#[derive(Clone, Debug, PartialEq)]
pub struct PricedLine {
    pub eligible: bool,
    pub net: Decimal,
    pub gross: Decimal,
    /// The programme's filter lists this line's values hit.
    pub hits: Hits,
}

/// A cart's amounts: what earning, tiers and redemption compute with.
#[derive(Clone, Debug, PartialEq)]
pub struct Priced {
    pub lines: Vec<PricedLine>,
    /// Σ net over eligible lines.
    pub eligible_subtotal: Decimal,
    /// Σ gross over all lines + shipping: what the customer pays (§5.3).
    pub total: Decimal,
    /// Shipping as charged: the cart's, 0 once waived.
    pub shipping: Decimal,
    /// The perks applied (§9.1), when the member's tier has `perks`.
    pub perks: Option<PerksApplied>,
}

/// What a tier's perks took off a cart (§9.1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PerksApplied {
    /// The level whose perks they are.
    pub level: usize,
    /// The percent discount, allocated over the matching eligible lines.
    pub discount: Decimal,
    /// The shipping waived by `freeShipping`.
    pub shipping_waived: Decimal,
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
        let net = decimal::sub(
            before_discount.get(i).copied().unwrap_or_default(),
            allocated.get(i).copied().unwrap_or_default(),
        )?;
        if net.is_sign_negative() && !net.is_zero() {
            return Err(PriceError::NegativeNet(i));
        }
        let gross = decimal::add(net, line.tax)?;
        let hits = program.filters.hits(&line.keys());
        let eligible = program.exclude.as_ref().is_none_or(|x| !x.excludes(&hits));
        if eligible {
            eligible_subtotal = decimal::add(eligible_subtotal, net)?;
        }
        total = decimal::add(total, gross)?;
        lines.push(PricedLine { eligible, net, gross, hits });
    }
    Ok(Priced { lines, eligible_subtotal, total, shipping: cart.shipping, perks: None })
}

/// The cart after the perks of `level` (§9.1): `D = min(roundMoney(percentOff
/// × S / 100), maxAmount)` over the eligible lines that match the perks'
/// `lines` (S: their net), split over those with a positive net; shipping
/// waived with `freeShipping`. A level without `perks` changes nothing.
pub fn with_perks(program: &Program, priced: &Priced, level: Option<usize>) -> Calc<Priced> {
    let mut out = priced.clone();
    let Some((level, perks)) =
        level.and_then(|l| program.levels().get(l).and_then(|x| x.perks.as_deref()).map(|p| (l, p)))
    else {
        return Ok(out);
    };
    let mut discount = Decimal::ZERO;
    if let Some(percent) = perks.percent_off {
        let weights: Vec<Decimal> = priced
            .lines
            .iter()
            .map(|p| {
                let matches = p.eligible && perks.lines.as_ref().is_none_or(|f| f.matches(&p.hits));
                if matches {
                    p.net
                } else {
                    Decimal::ZERO
                }
            })
            .collect();
        let s = decimal::sum(weights.iter().copied())?;
        discount = program.round_money(decimal::div(decimal::mul(percent, s)?, Decimal::ONE_HUNDRED)?);
        if let Some(max) = perks.max_amount {
            discount = discount.min(max);
        }
        take_off(program, &mut out, discount, &weights)?;
    }
    let shipping_waived = if perks.free_shipping { out.shipping } else { Decimal::ZERO };
    out.shipping = decimal::sub(out.shipping, shipping_waived)?;
    out.total = decimal::sub(out.total, shipping_waived)?;
    out.perks = Some(PerksApplied { level, discount, shipping_waived });
    Ok(out)
}

/// The cart after discounts paid with points (§9.3): `amount` split over the
/// eligible lines with a positive net, in proportion to it; shipping 0 when
/// `free_shipping` was applied.
pub fn with_points_paid(program: &Program, priced: &Priced, amount: Decimal, free_shipping: bool) -> Calc<Priced> {
    let mut out = priced.clone();
    let weights: Vec<Decimal> = priced.lines.iter().map(|l| if l.eligible { l.net } else { Decimal::ZERO }).collect();
    take_off(program, &mut out, amount, &weights)?;
    if free_shipping {
        out.total = decimal::sub(out.total, out.shipping)?;
        out.shipping = Decimal::ZERO;
    }
    Ok(out)
}

/// Takes `amount` off the lines in proportion to `weights` (largest
/// remainder), lowering their net and gross, the eligible subtotal and the
/// total. `amount` never exceeds the weights' sum (perks: a percent of it;
/// rewards: capped by the eligible subtotal left, §8).
fn take_off(program: &Program, priced: &mut Priced, amount: Decimal, weights: &[Decimal]) -> Calc<()> {
    let shares = match allocate(program, amount, weights) {
        Ok(shares) => shares,
        Err(PriceError::Overflow) | Err(PriceError::NegativeNet(_)) => return Err(Overflow),
        // Cannot happen (see above); taking nothing keeps every net ≥ 0.
        Err(PriceError::DiscountTooLarge) => return Ok(()),
    };
    for (line, share) in priced.lines.iter_mut().zip(shares) {
        if share.is_zero() {
            continue;
        }
        line.net = decimal::sub(line.net, share)?;
        line.gross = decimal::sub(line.gross, share)?;
        if line.eligible {
            priced.eligible_subtotal = decimal::sub(priced.eligible_subtotal, share)?;
        }
        priced.total = decimal::sub(priced.total, share)?;
    }
    Ok(())
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
        let share = decimal::round(exact, program.currency_decimals, Rounding::Down);
        given = decimal::add(given, share)?;
        if let Some(s) = shares.get_mut(i) {
            *s = share;
        }
        remainders.push((decimal::snap(decimal::sub(exact, share)?), i));
    }
    // Largest remainder first; ties: the earlier line.
    crate::sort::sort_by_key(&mut remainders, |&(remainder, i)| (std::cmp::Reverse(remainder), i));
    let mut left = decimal::sub(discount, given)?;
    for (_, i) in remainders {
        if left < unit {
            break;
        }
        if let Some(s) = shares.get_mut(i) {
            *s = decimal::add(*s, unit)?;
        }
        left = decimal::sub(left, unit)?;
    }
    Ok(shares)
}
