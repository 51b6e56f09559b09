//! # loyalty-engine
//!
//! The arithmetic of a customer-loyalty programme — points earned on a cart,
//! tier progress, redemption options, a member's ledger with expiring points,
//! points liability — with exact decimals, giving the same answer natively
//! (this crate, on a server) and in WebAssembly (the npm package, in the
//! browser or an edge function), to the cent.
//!
//! The contract is the spec `PROGRAM.md` (shipped with the repository): the
//! JSON a merchant writes to describe a programme, the JSON of carts and
//! members, and the JSON of every result. Section numbers (§3.2) below refer
//! to it.
//!
//! ## Compile a programme once, then ask it
//!
//! A [`Program`] is parsed and validated once ([`Program::from_json`]); every
//! operation is a method of it and does no parsing. Inputs are validated
//! against the programme ([`Cart::from_json`], [`Member::from_json`]); `now`
//! is always an argument (the engine reads no clock).
//!
//! ```
//! use loyalty_engine::{Cart, Member, Program, Timestamp};
//!
//! let program = Program::from_json(r#"{
//!     "version": 1, "currency": "USD",
//!     "earning": [
//!         { "id": "base", "type": "spend", "points": "1" },
//!         { "id": "double-apparel", "type": "multiplier", "factor": "2",
//!           "lines": { "categories": ["apparel"] } }
//!     ]
//! }"#)?;
//! let cart = Cart::from_json(&program, r#"{ "currency": "USD", "lines": [
//!     { "sku": "TEE-1", "categories": ["apparel"], "unitPrice": "19.99", "quantity": 2 },
//!     { "sku": "MUG-1", "unitPrice": "8.50", "quantity": 1 }
//! ] }"#)?;
//! let member = Member::from_json(&program, r#"{ "id": "m-1", "balance": "120" }"#)?;
//! let now = Timestamp::parse("2026-11-24T10:00:00Z")?;
//!
//! let earn = program.preview_earn(&cart, Some(&member), now)?;
//! // 2 × 19.99 = 39.98, doubled: 79.96; plus 8.50: 88.46, floored to 88 points.
//! assert_eq!(earn.points.to_string(), "88");
//! assert_eq!(earn.eligible_subtotal.to_string(), "48.48");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## The operations (§6)
//!
//! | method | spec | answers |
//! |---|---|---|
//! | [`Program::preview_earn`] | §3 | [`EarnPreview`]: points, cashback, per-line explanation |
//! | [`Program::tier_progress`] | §4 | [`TierProgress`]: tier, next tier, what this cart changes |
//! | [`Program::statement`] | §5.2 | [`Statement`]: balance, lots, expiring points, liability |
//! | [`Program::redemption_options`] | §5.3 | [`RedemptionOptions`]: every reward, eligible or why not |
//! | [`Program::apply_redemptions`] | §5.3 | [`Application`]: the discount and what the order still earns |
//! | [`Program::preview_action`] | §5.4 | [`ActionPreview`]: points for a review, a signup… |
//! | [`Program::product_badges`] | §5.5 | [`Badges`]: "Earn 30 Stars" for a product listing |
//!
//! Every result serializes (serde) to the JSON the spec shows, so a server
//! can hand it to a storefront as it is.
//!
//! ## JSON in, JSON out
//!
//! A server that receives the storefront's JSON can call the same operation
//! the browser called, with the same argument handling (a missing member is
//! a guest, inputs validated in one fixed order), through
//! [`Program::call`] and an [`Operation`].
//!
//! ## Errors
//!
//! Every bad input is an [`Error`] with a stable [`ErrorCode`], the JSON
//! path of the offending value (`cart.lines[0].quantity`) and a message. No
//! input makes the engine panic; computed values beyond the spec's limits
//! are `limit_exceeded`, never an overflow.
//!
//! ## Layers
//!
//! Foundations (errors, decimals, time, JSON, input reading) → model
//! (programme, cart, member) → calculations (earning, ledger, tiers,
//! redemption…) → the typed API ([`Program`]'s methods) → the loose API on
//! JSON ([`Program::call`]) → the JS binding (feature `js`, built into the
//! npm package). `ARCHITECTURE.md` in the repository maps each spec section
//! to its module.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing))]

// Foundations.
mod decimal;
mod error;
mod input;
mod js_number;
mod json;
#[cfg(any(feature = "js", test))]
mod json_cursor;
mod json_text;
mod name;
mod sort;
mod time;
// Model.
mod cart;
mod filter;
mod levels;
mod member;
mod program;
mod rewards;
mod rules;
// Calculations.
mod actions;
mod badges;
#[cfg(any(feature = "js", test))]
mod badges_text;
mod checkout;
mod earn;
mod ledger;
mod pricing;
mod redeem;
mod returns;
mod statement;
mod tiers;
// Typed API, loose API.
mod api;
mod loose;

/// The JS binding (feature `js`): `Program` as a JS class. Public so that the
/// wasm-bindgen tests in `tests/wasm.rs` exercise exactly what JS calls.
#[cfg(feature = "js")]
pub mod binding;

pub use actions::{ActionPreview, ActionReason};
pub use badges::{Badge, Badges, Product};
pub use cart::Cart;
pub use checkout::{Checkout, CheckoutTier};
pub use decimal::Decimal;
pub use earn::{EarnAccounting, EarnLine, EarnPreview, PerksReport, RuleContribution};
pub use error::{Error, ErrorCode, Result};
pub use loose::{Operation, Response};
pub use member::Member;
pub use program::Program;
pub use redeem::{Application, AppliedReward, Reason, RedemptionOption, RedemptionOptions, Selection};
pub use returns::{Refund, RefundAmount, ReturnEvent, ReturnEventType, ReturnPreview, ReturnTier};
pub use statement::{Expiring, LotView, Statement};
pub use tiers::{CurrentTier, Keep, NextTier, TierProgress, WithCart};
pub use time::{TimeError, Timestamp};

/// The README's snippets, run as doc-tests (not part of the rendered docs:
/// its relative links are for the repository).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
