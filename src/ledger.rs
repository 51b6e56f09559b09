//! A member's ledger (§5.1): lots created by earning, consumed FIFO, pending
//! for `pendingDays`, expiring by the program's policy — replayed in time
//! order up to `now`. Pure: the same events, program and `now` always give
//! the same lots.
//!
//! The replay is linear in the number of events: lots are created in time
//! order, so their availability instants and (for `rolling` and
//! `end_of_year`) their expiry instants ascend too, and cursors walk them
//! once, and a return finds its own order's pending lots through an index
//! by `orderId` (a scan of every pending lot per return made 50,000 pending
//! purchases and their 50,000 returns cost N²/2 comparisons: 8–11 s natively,
//! issue 12).

use std::collections::HashMap;

use crate::decimal::{self, add, sub, Calc, Decimal, Overflow};
use crate::member::{Event, EventKind};
use crate::program::{Expiry, Program, Shortfall};
use crate::time::Timestamp;

#[derive(Clone, Debug, PartialEq)]
pub struct Lot {
    pub at: Timestamp,
    pub points: Decimal,
    pub remaining: Decimal,
    /// `at + pendingDays`: before it the lot is pending.
    pub available_at: Timestamp,
    /// Fixed expiry (`rolling`, `end_of_year`); `None` under `never` and `inactivity`.
    pub expires_at: Option<Timestamp>,
    /// When it expired, if it did (its remaining points then went to `expired`).
    pub expired_at: Option<Timestamp>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ledger {
    /// In creation (time) order.
    pub lots: Vec<Lot>,
    pub lifetime_redeemed: Decimal,
    /// Points taken by returns and negative adjusts: what they asked for
    /// under `debt`, what they actually took under `forgive` (§9.4).
    pub taken: Decimal,
    pub expired: Decimal,
    /// Points owed (`debt`): asked for by returns and negative adjusts
    /// beyond what was available, not yet paid back by later lots.
    pub owed: Decimal,
    /// Points dropped under `forgive`.
    pub forgiven: Decimal,
    /// `inactivity`: the deadline of all live lots, if one is running.
    pub deadline: Option<Timestamp>,
}

/// Why a replay failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplayError {
    /// An event consumed more than was available: `invalid_member` at it.
    Overdraw(usize),
    Overflow,
}

impl From<Overflow> for ReplayError {
    fn from(_: Overflow) -> Self {
        ReplayError::Overflow
    }
}

/// A return that finds at most this many pending lots compares their
/// `orderId`s; one that finds more builds the index by `orderId` first.
const SCAN_PENDING_AT_MOST: usize = 64;

struct Replay<'p, 'e> {
    program: &'p Program,
    /// The `orderId` of each lot's event, by lot.
    lot_orders: Vec<Option<&'e str>>,
    /// `orderId` → its entry in `order_lots`: built when a return first
    /// finds more than [`SCAN_PENDING_AT_MOST`] pending lots (keeping it
    /// always made W3, a 2,000-event statement with pending days, 1.15× as
    /// slow in wasm as before the index; built lazily, 1.06×, within the
    /// noise of bench/ab.mjs on a busy machine). Owned keys: the JSON
    /// parser's `HashMap<String, usize>` code serves both, 1,000 B of gzip
    /// less than a second copy for `&str` keys.
    orders: Option<HashMap<String, usize>>,
    order_lots: Vec<OrderLots>,
    ledger: Ledger,
    /// First lot that may still hold points.
    head: usize,
    /// First lot whose fixed expiry has not been reached.
    expiry_cursor: usize,
    /// First lot that has not become available yet (or has, but after the
    /// last settled instant).
    maturity_cursor: usize,
}

/// The lots an order's events created, in creation order.
struct OrderLots {
    lots: Vec<usize>,
    /// Lots before it are spent, expired or no longer pending: a return
    /// takes its order's pending lots oldest first, and nothing else takes
    /// from a pending lot, so this only moves forward.
    next: usize,
}

impl Ledger {
    /// The balance at `now`: points available to spend, less what is owed
    /// (negative while points are owed, §9.4).
    pub fn balance(&self, now: Timestamp) -> Calc<Decimal> {
        let available = decimal::sum(self.lots.iter().filter(|l| l.available_at <= now).map(|l| l.remaining))?;
        decimal::sub(available, self.owed)
    }
    /// Points earned but not yet available at `now`.
    pub fn pending(&self, now: Timestamp) -> Calc<Decimal> {
        decimal::sum(self.lots.iter().filter(|l| l.available_at > now).map(|l| l.remaining))
    }
    /// Lots created less what returns and negative adjusts took back (§8).
    pub fn lifetime_earned(&self) -> Calc<Decimal> {
        decimal::sub(decimal::sum(self.lots.iter().map(|l| l.points))?, self.taken)
    }
    /// The instant a lot expires as of now: its fixed expiry, the instant it
    /// expired, or the running inactivity deadline.
    pub fn expiry_of(&self, lot: &Lot, program: &Program) -> Option<Timestamp> {
        match program.expiry {
            Expiry::Inactivity { .. } => lot.expired_at.or(self.deadline),
            _ => lot.expires_at,
        }
    }

    /// Replays `events` (sorted, all at or before `now`) and applies expiry up to `now`.
    pub fn replay(program: &Program, events: &[Event], now: Timestamp) -> Result<Ledger, ReplayError> {
        let mut r = Replay {
            program,
            lot_orders: Vec::with_capacity(events.len()),
            orders: None,
            order_lots: Vec::new(),
            ledger: Ledger::default(),
            head: 0,
            expiry_cursor: 0,
            maturity_cursor: 0,
        };
        for e in events {
            r.settle_until(e.at)?;
            match e.kind {
                EventKind::Purchase | EventKind::Action => {
                    r.create_lot(e)?;
                    r.restart_clock(e.at)?;
                }
                EventKind::Adjust if e.points > Decimal::ZERO => r.create_lot(e)?,
                EventKind::Adjust if e.points < Decimal::ZERO => r.take_back(-e.points, -e.points, e.at)?,
                EventKind::Adjust => {}
                EventKind::Redeem => {
                    if r.consume_available(e.points, e.at)? > Decimal::ZERO {
                        return Err(ReplayError::Overdraw(e.index));
                    }
                    r.ledger.lifetime_redeemed = decimal::add(r.ledger.lifetime_redeemed, e.points)?;
                    r.restart_clock(e.at)?;
                }
                EventKind::Return => {
                    let left = r.consume_own_pending(e)?;
                    r.take_back(e.points, left, e.at)?;
                }
            }
            // A lot available at once (no pendingDays) pays what is owed at once.
            r.settle_until(e.at)?;
        }
        r.settle_until(now)?;
        Ok(r.ledger)
    }
}

impl<'e> Replay<'_, 'e> {
    fn create_lot(&mut self, e: &'e Event) -> Result<(), ReplayError> {
        let offset = self.program.utc_offset;
        let expires_at = match self.program.expiry {
            Expiry::Rolling { months } => Some(e.at.add_months(months, offset).map_err(|_| Overflow)?),
            Expiry::EndOfYear { years } => {
                Some(Timestamp::start_of_year(i64::from(e.at.year(offset)) + years, offset).map_err(|_| Overflow)?)
            }
            Expiry::Never | Expiry::Inactivity { .. } => None,
        };
        let available_at = e.at.add_days(self.program.pending_days).map_err(|_| Overflow)?;
        let order = e.order_id.as_deref();
        if let (Some(order), Some(orders)) = (order, &mut self.orders) {
            index_lot(orders, &mut self.order_lots, order, self.ledger.lots.len());
        }
        self.lot_orders.push(order);
        self.ledger.lots.push(Lot {
            at: e.at,
            points: e.points,
            remaining: e.points,
            available_at,
            expires_at,
            expired_at: None,
        });
        Ok(())
    }

    /// Inactivity: any purchase, action or redeem sets one deadline for all live lots.
    fn restart_clock(&mut self, at: Timestamp) -> Result<(), ReplayError> {
        if let Expiry::Inactivity { months } = self.program.expiry {
            self.ledger.deadline = Some(at.add_months(months, self.program.utc_offset).map_err(|_| Overflow)?);
        }
        Ok(())
    }

    /// Expires every lot whose expiry ≤ t (an event at the expiry instant is too late).
    fn expire_until(&mut self, t: Timestamp) -> Calc<()> {
        let ledger = &mut self.ledger;
        match self.program.expiry {
            Expiry::Never => {}
            Expiry::Inactivity { .. } => {
                if let Some(deadline) = ledger.deadline.filter(|d| *d <= t) {
                    for lot in ledger.lots.iter_mut().skip(self.head) {
                        if lot.expired_at.is_none() && lot.remaining > Decimal::ZERO {
                            ledger.expired = add(ledger.expired, lot.remaining)?;
                            lot.remaining = Decimal::ZERO;
                            lot.expired_at = Some(deadline);
                        }
                    }
                    self.head = ledger.lots.len();
                    ledger.deadline = None;
                }
            }
            Expiry::Rolling { .. } | Expiry::EndOfYear { .. } => {
                while let Some(lot) = ledger.lots.get_mut(self.expiry_cursor) {
                    match lot.expires_at {
                        Some(x) if x <= t => {
                            if lot.remaining > Decimal::ZERO {
                                ledger.expired = add(ledger.expired, lot.remaining)?;
                                lot.remaining = Decimal::ZERO;
                                lot.expired_at = Some(x);
                            }
                            self.expiry_cursor += 1;
                        }
                        _ => break,
                    }
                }
            }
        }
        Ok(())
    }

    /// Brings the ledger to instant `t`, in time order: each lot that
    /// becomes available by then first pays what is owed, at that instant,
    /// unless it has expired by then (§9.4); lots expire as they reach their
    /// expiry (§5.1).
    fn settle_until(&mut self, t: Timestamp) -> Result<(), ReplayError> {
        while let Some(available_at) =
            self.ledger.lots.get(self.maturity_cursor).map(|l| l.available_at).filter(|a| *a <= t)
        {
            self.expire_until(available_at)?;
            let owed = self.ledger.owed;
            if owed > Decimal::ZERO {
                if let Some(lot) = self.ledger.lots.get_mut(self.maturity_cursor) {
                    if lot.expired_at.is_none() {
                        let pay = lot.remaining.min(owed);
                        lot.remaining = sub(lot.remaining, pay)?;
                        self.ledger.owed = sub(owed, pay)?;
                    }
                }
            }
            self.maturity_cursor += 1;
        }
        self.expire_until(t)?;
        Ok(())
    }

    /// A return or negative adjust asking for `asked` points, of which
    /// `left` remain after its own order's pending lots: taken from the
    /// available lots, the rest settled by the programme's `shortfall`.
    fn take_back(&mut self, asked: Decimal, left: Decimal, at: Timestamp) -> Result<(), ReplayError> {
        let missing = self.consume_available(left, at)?;
        let ledger = &mut self.ledger;
        match self.program.shortfall {
            Shortfall::Debt => {
                ledger.owed = decimal::add(ledger.owed, missing)?;
                ledger.taken = decimal::add(ledger.taken, asked)?;
            }
            Shortfall::Forgive => {
                ledger.forgiven = decimal::add(ledger.forgiven, missing)?;
                ledger.taken = decimal::add(ledger.taken, decimal::sub(asked, missing)?)?;
            }
        }
        Ok(())
    }

    /// Consumes up to `points` FIFO from available lots (oldest first);
    /// returns what could not be found.
    fn consume_available(&mut self, mut points: Decimal, at: Timestamp) -> Calc<Decimal> {
        let mut i = self.head;
        while points > Decimal::ZERO {
            let Some(lot) = self.ledger.lots.get_mut(i) else { return Ok(points) };
            // Availability ascends with creation: the first pending lot ends the search.
            if lot.available_at > at {
                return Ok(points);
            }
            points = take_from(&mut lot.remaining, points)?;
            if lot.remaining.is_zero() && i == self.head {
                self.head += 1;
            }
            i += 1;
        }
        Ok(Decimal::ZERO)
    }

    /// A return first takes its own order's pending lots, oldest first; returns what is left.
    fn consume_own_pending(&mut self, e: &Event) -> Result<Decimal, ReplayError> {
        let mut points = e.points;
        let Some(order) = e.order_id.as_deref() else { return Ok(points) };
        let first_pending = self.ledger.lots.partition_point(|l| l.available_at <= e.at);
        if self.orders.is_none() && self.ledger.lots.len() - first_pending <= SCAN_PENDING_AT_MOST {
            let pending = self.ledger.lots.iter_mut().zip(&self.lot_orders).skip(first_pending);
            for (lot, _) in pending.filter(|(lot, o)| **o == Some(order) && lot.expired_at.is_none()) {
                points = take_from(&mut lot.remaining, points)?;
            }
            return Ok(points);
        }
        let orders = self.orders.get_or_insert_with(|| {
            let mut orders = HashMap::new();
            for (i, o) in self.lot_orders.iter().enumerate() {
                if let Some(o) = o {
                    index_lot(&mut orders, &mut self.order_lots, o, i);
                }
            }
            orders
        });
        let Some(own) = orders.get(order).and_then(|&i| self.order_lots.get_mut(i)) else { return Ok(points) };
        let lots = &mut self.ledger.lots;
        // Availability ascends with creation: the order's pending lots are a suffix of its list.
        let first_pending = own.lots.partition_point(|&l| lots.get(l).is_some_and(|lot| lot.available_at <= e.at));
        own.next = own.next.max(first_pending);
        while points > Decimal::ZERO {
            let Some(lot) = own.lots.get(own.next).and_then(|&l| lots.get_mut(l)) else { break };
            if lot.expired_at.is_none() {
                points = take_from(&mut lot.remaining, points)?;
            }
            if lot.remaining > Decimal::ZERO && lot.expired_at.is_none() {
                break;
            }
            own.next += 1;
        }
        Ok(points)
    }
}

/// Takes what it can of `points` from a lot's `remaining` points (both ≥ 0):
/// what is left of `points`.
fn take_from(remaining: &mut Decimal, points: Decimal) -> Calc<Decimal> {
    let take = (*remaining).min(points);
    *remaining = sub(*remaining, take)?;
    sub(points, take)
}

/// Adds lot `lot` of order `order` to the index.
fn index_lot(orders: &mut HashMap<String, usize>, order_lots: &mut Vec<OrderLots>, order: &str, lot: usize) {
    let next = order_lots.len();
    let entry = *orders.entry(order.to_owned()).or_insert(next);
    if entry == next {
        order_lots.push(OrderLots { lots: Vec::new(), next: 0 });
    }
    if let Some(o) = order_lots.get_mut(entry) {
        o.lots.push(lot);
    }
}

#[cfg(test)]
mod tests {
    use crate::{Member, Program, Timestamp};

    /// 100 purchases of 10 points, one order each (o0…o99), all still
    /// pending (365 pending days), then `returns` (order, points): more
    /// pending lots than a return compares one by one, so the index by
    /// orderId answers. Gives (balance, pending, owed).
    fn after_returns(returns: &[(&str, &str)]) -> (String, String, String) {
        let program =
            Program::from_json(r#"{"version":1,"currency":"USD","pendingDays":365,"shortfall":"debt"}"#).unwrap();
        let day = |d: u32| format!("2026-01-01T00:{:02}:{:02}Z", d / 60, d % 60);
        let mut events: Vec<String> = (0..100)
            .map(|i| {
                format!(r#"{{"type":"purchase","at":"{}","points":"10","spend":"10.00","orderId":"o{i}"}}"#, day(i))
            })
            .collect();
        for (k, (order, points)) in returns.iter().enumerate() {
            events.push(format!(
                r#"{{"type":"return","at":"{}","points":"{points}","spend":"1.00","orderId":"{order}"}}"#,
                day(200 + k as u32)
            ));
        }
        let member = Member::from_json(&program, &format!(r#"{{"id":"m","events":[{}]}}"#, events.join(","))).unwrap();
        let s = program.statement(&member, Timestamp::parse("2026-02-01T00:00:00Z").unwrap(), 30).unwrap();
        (s.balance.to_string(), s.pending.to_string(), s.owed.to_string())
    }

    #[test]
    fn returns_take_their_own_orders_pending_lots_through_the_index() {
        // o50's lot pays the return: 1,000 − 10 = 990 pending, nothing owed.
        assert_eq!(after_returns(&[("o50", "10")]), ("0".into(), "990".into(), "0".into()));
        // o50 twice: its lot holds 10; the 5 more are owed (nothing is available).
        assert_eq!(after_returns(&[("o50", "10"), ("o50", "5")]), ("-5".into(), "990".into(), "5".into()));
        // Two orders, part by part: o7 4 + 6, o99 3: 1,000 − 13 = 987 pending.
        assert_eq!(after_returns(&[("o7", "4"), ("o99", "3"), ("o7", "6")]), ("0".into(), "987".into(), "0".into()));
        // An order never bought: all owed.
        assert_eq!(after_returns(&[("nope", "2")]), ("-2".into(), "1000".into(), "2".into()));
    }
}
