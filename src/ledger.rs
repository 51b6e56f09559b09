//! A member's ledger (§5.1): lots created by earning, consumed FIFO, pending
//! for `pendingDays`, expiring by the program's policy — replayed in time
//! order up to `now`. Pure: the same events, program and `now` always give
//! the same lots.
//!
//! The replay is linear in the number of events: lots are created in time
//! order, so their availability instants and (for `rolling` and
//! `end_of_year`) their expiry instants ascend too, and cursors walk them
//! once.

use crate::decimal::{self, Calc, Decimal, Overflow};
use crate::member::{Event, EventKind};
use crate::program::{Expiry, Program};
use crate::time::Timestamp;

#[derive(Clone, Debug, PartialEq)]
pub struct Lot {
    pub at: Timestamp,
    pub points: Decimal,
    pub remaining: Decimal,
    /// `at + pendingDays`: before it the lot is pending.
    pub available_at: Timestamp,
    /// The `orderId` of the purchase that created it (a return takes its own order's pending lots first).
    pub order_id: Option<String>,
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
    /// Points taken by returns and negative adjusts.
    pub taken: Decimal,
    pub expired: Decimal,
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

struct Replay<'p> {
    program: &'p Program,
    ledger: Ledger,
    /// First lot that may still hold points.
    head: usize,
    /// First lot whose fixed expiry has not been reached.
    expiry_cursor: usize,
}

impl Ledger {
    /// Points available to spend at `now`.
    pub fn balance(&self, now: Timestamp) -> Calc<Decimal> {
        decimal::sum(self.lots.iter().filter(|l| l.available_at <= now).map(|l| l.remaining))
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
        let mut r = Replay { program, ledger: Ledger::default(), head: 0, expiry_cursor: 0 };
        for e in events {
            r.expire_until(e.at);
            match e.kind {
                EventKind::Purchase | EventKind::Action => {
                    r.create_lot(e)?;
                    r.restart_clock(e.at)?;
                }
                EventKind::Adjust if e.points > Decimal::ZERO => r.create_lot(e)?,
                EventKind::Adjust if e.points < Decimal::ZERO => {
                    r.consume_available(-e.points, e.at, e.index)?;
                    r.ledger.taken = decimal::add(r.ledger.taken, -e.points)?;
                }
                EventKind::Adjust => {}
                EventKind::Redeem => {
                    r.consume_available(e.points, e.at, e.index)?;
                    r.ledger.lifetime_redeemed = decimal::add(r.ledger.lifetime_redeemed, e.points)?;
                    r.restart_clock(e.at)?;
                }
                EventKind::Return => {
                    let left = r.consume_own_pending(e)?;
                    r.consume_available(left, e.at, e.index)?;
                    r.ledger.taken = decimal::add(r.ledger.taken, e.points)?;
                }
            }
        }
        r.expire_until(now);
        Ok(r.ledger)
    }
}

impl Replay<'_> {
    fn create_lot(&mut self, e: &Event) -> Result<(), ReplayError> {
        let offset = self.program.utc_offset;
        let expires_at = match self.program.expiry {
            Expiry::Rolling { months } => Some(e.at.add_months(months, offset).map_err(|_| Overflow)?),
            Expiry::EndOfYear { years } => {
                Some(Timestamp::start_of_year(i64::from(e.at.year(offset)) + years, offset).map_err(|_| Overflow)?)
            }
            Expiry::Never | Expiry::Inactivity { .. } => None,
        };
        let available_at = e.at.add_days(self.program.pending_days).map_err(|_| Overflow)?;
        self.ledger.lots.push(Lot {
            at: e.at,
            points: e.points,
            remaining: e.points,
            available_at,
            order_id: e.order_id.clone(),
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
    fn expire_until(&mut self, t: Timestamp) {
        let ledger = &mut self.ledger;
        match self.program.expiry {
            Expiry::Never => {}
            Expiry::Inactivity { .. } => {
                if let Some(deadline) = ledger.deadline.filter(|d| *d <= t) {
                    for lot in ledger.lots.iter_mut().skip(self.head) {
                        if lot.expired_at.is_none() && lot.remaining > Decimal::ZERO {
                            ledger.expired += lot.remaining;
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
                                ledger.expired += lot.remaining;
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
    }

    /// Consumes `points` FIFO from available lots (oldest first).
    fn consume_available(&mut self, mut points: Decimal, at: Timestamp, event: usize) -> Result<(), ReplayError> {
        let mut i = self.head;
        while points > Decimal::ZERO {
            let Some(lot) = self.ledger.lots.get_mut(i) else { return Err(ReplayError::Overdraw(event)) };
            // Availability ascends with creation: the first pending lot ends the search.
            if lot.available_at > at {
                return Err(ReplayError::Overdraw(event));
            }
            let take = lot.remaining.min(points);
            lot.remaining -= take;
            points -= take;
            if lot.remaining.is_zero() && i == self.head {
                self.head += 1;
            }
            i += 1;
        }
        Ok(())
    }

    /// A return first takes its own order's pending lots, oldest first; returns what is left.
    fn consume_own_pending(&mut self, e: &Event) -> Result<Decimal, ReplayError> {
        let mut points = e.points;
        let Some(order) = e.order_id.as_deref() else { return Ok(points) };
        let first_pending = self.ledger.lots.partition_point(|l| l.available_at <= e.at);
        for lot in self.ledger.lots.iter_mut().skip(first_pending) {
            if points.is_zero() {
                break;
            }
            if lot.order_id.as_deref() == Some(order) && lot.expired_at.is_none() {
                let take = lot.remaining.min(points);
                lot.remaining -= take;
                points -= take;
            }
        }
        Ok(points)
    }
}
