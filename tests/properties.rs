//! Property tests (issue 12), with proptest: random programmes, carts,
//! members and selections; each property is a statement of the spec checked
//! by figures derived independently of the engine (the cart amounts of §3.1
//! recomputed here, the perk discount of §9.1, the cumulative rounding of
//! §9.6), plus the invariants of `common/invariants.rs` on every answer.
//! (Ledger conservation under debt and forgive is the random-ledger property
//! of `spec_5_ledger.rs`.) `native_and_wasm_vectors` writes a vector file
//! that `tests/js/property-vectors.test.mjs` replays through the wasm package.
//! Native only: `wasm-pack test` builds the integration tests for wasm32,
//! where proptest's random source does not build.
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/invariants.rs"]
mod invariants;

use std::str::FromStr;

use loyalty_engine::{Decimal, Operation, Program};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use rust_decimal::RoundingStrategy;
use serde_json::{json, Value};

const NOW: &str = "2026-11-24T10:00:00Z";
const ROUNDINGS: [&str; 5] = ["floor", "ceil", "down", "half_up", "half_even"];
const CATEGORIES: [&str; 4] = ["c0", "c1", "c2", "x"];

fn config() -> Config {
    Config { cases: 128, failure_persistence: None, ..Config::default() }
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn cents(n: i64) -> String {
    Decimal::new(n, 2).to_string()
}

/// `roundMoney` of §3.1 with the default `moneyRounding` (half_up), to cents.
fn round_money(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Runs `op` on `args` natively: the result as JSON, or the error as text.
fn call(program: &Program, op: Operation, args: &Value) -> Result<Value, String> {
    invariants::answer(program, op, args)
}

fn compile(p: &Value) -> Program {
    Program::from_json(&p.to_string()).unwrap_or_else(|e| panic!("{e}\n{p}"))
}

// ------------------------------------------------------------------ generators

/// An earning rule (§2.2) without caps: spend, per_unit, multiplier, bonus or cashback.
fn rule() -> impl Strategy<Value = Value> {
    let filter = proptest::option::of(0..3usize).prop_map(|c| c.map(|c| json!({ "categories": [CATEGORIES[c]] })));
    let min_subtotal = proptest::option::of(0..5000i64).prop_map(|m| m.map(|m| json!({ "minSubtotal": cents(m) })));
    prop_oneof![
        (0..500i64, 0..3usize, any::<bool>(), any::<bool>(), filter.clone(), min_subtotal).prop_map(
            |(points, per, gross, ship, lines, when)| {
                let mut r = json!({ "type": "spend", "points": cents(points), "per": (["1", "3.00", "10"][per]),
                                    "base": if gross { "gross" } else { "net" }, "includeShipping": ship });
                if let Some(l) = lines {
                    r["lines"] = l;
                }
                if let Some(w) = when {
                    r["when"] = w;
                }
                r
            }
        ),
        (0..300i64, filter.clone()).prop_map(|(points, lines)| {
            let mut r = json!({ "type": "per_unit", "points": cents(points) });
            if let Some(l) = lines {
                r["lines"] = l;
            }
            r
        }),
        (5..30i64, filter.clone()).prop_map(|(factor, lines)| {
            let mut r = json!({ "type": "multiplier", "factor": Decimal::new(factor, 1).to_string() });
            if let Some(l) = lines {
                r["lines"] = l;
            }
            r
        }),
        (0..50i64).prop_map(|points| json!({ "type": "bonus", "points": points.to_string() })),
        (0..1000i64, any::<bool>()).prop_map(|(percent, ship)| json!({ "type": "cashback",
            "percent": cents(percent), "includeShipping": ship })),
    ]
}

/// A programme without caps (no maxPoints, no maxPointsPerOrder), no tiers.
fn program() -> impl Strategy<Value = Value> {
    (prop::collection::vec(rule(), 1..5), 0..2usize, 0..5usize, any::<bool>(), any::<bool>()).prop_map(
        |(rules, decimals, rounding, line_scope, exclude)| {
            let earning: Vec<Value> = rules
                .into_iter()
                .enumerate()
                .map(|(i, mut r)| {
                    r["id"] = json!(format!("r{i}"));
                    r
                })
                .collect();
            let mut p = json!({ "version": 1, "currency": "USD", "earning": earning,
                "points": { "decimals": ([0, 2][decimals]), "rounding": ROUNDINGS[rounding],
                            "roundingScope": if line_scope { "line" } else { "order" } } });
            if exclude {
                p["exclude"] = json!({ "categories": ["x"] });
            }
            p
        },
    )
}

/// A cart line's inputs; its texts and its amount before the order discount.
#[derive(Clone, Debug)]
struct Line {
    unit: Decimal,
    quantity: Decimal,
    categories: Vec<&'static str>,
    tax: Decimal,
    discount: Decimal,
}

impl Line {
    /// §3.1: amount = roundMoney(unitPrice × quantity) − discount.
    fn amount(&self) -> Decimal {
        round_money(self.unit * self.quantity) - self.discount
    }
}

fn line() -> impl Strategy<Value = Line> {
    (0..20_000i64, 0..4u32, 1..6i64, 0..4usize, 0..16usize, 0..500i64, 0..60i64).prop_map(
        |(unit, extra, qty, frac, cats, tax, pct)| {
            // Unit prices with up to 3 places; quantities whole or by weight (§8).
            let unit = Decimal::new(unit * 10 + i64::from(extra % 2) * 5, 3);
            let quantity = Decimal::from(qty) * [d("1"), d("0.5"), d("0.25"), d("1.35")][frac];
            let categories = (0..4).filter(|b| cats & (1 << b) != 0).map(|b| CATEGORIES[b]).collect();
            let gross_amount = round_money(unit * quantity);
            let discount = (gross_amount * Decimal::from(pct) / Decimal::from(100)).floor_cents();
            Line { unit, quantity, categories, tax: Decimal::new(tax, 2), discount }
        },
    )
}

trait FloorCents {
    fn floor_cents(self) -> Decimal;
}
impl FloorCents for Decimal {
    fn floor_cents(self) -> Decimal {
        self.round_dp_with_strategy(2, RoundingStrategy::ToNegativeInfinity)
    }
}

#[derive(Clone, Debug)]
struct Cart {
    lines: Vec<Line>,
    includes_tax: bool,
    shipping: Decimal,
    order_discount: Decimal,
}

impl Cart {
    fn json(&self) -> Value {
        let lines: Vec<Value> = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                // With prices including tax, the tax is at most the amount (net ≥ 0).
                let tax = if self.includes_tax { l.tax.min(l.amount()) } else { l.tax };
                json!({ "id": format!("l{i}"), "sku": format!("S{i}"), "categories": l.categories,
                        "unitPrice": l.unit.to_string(), "quantity": l.quantity.to_string(),
                        "tax": tax.to_string(), "discount": l.discount.to_string() })
            })
            .collect();
        json!({ "currency": "USD", "pricesIncludeTax": self.includes_tax, "shipping": self.shipping.to_string(),
                "orderDiscount": self.order_discount.to_string(), "lines": lines })
    }
    fn tax(&self, l: &Line) -> Decimal {
        if self.includes_tax {
            l.tax.min(l.amount())
        } else {
            l.tax
        }
    }
    /// The net before the order discount (tax taken out when prices include it).
    fn before(&self, l: &Line) -> Decimal {
        l.amount() - if self.includes_tax { self.tax(l) } else { Decimal::ZERO }
    }
}

/// A cart of 1–6 lines; `discount_share` (0–100 %) of the nets as `orderDiscount`.
fn cart(discount_share: std::ops::Range<i64>) -> impl Strategy<Value = Cart> {
    (prop::collection::vec(line(), 1..7), any::<bool>(), 0..1000i64, discount_share).prop_map(
        |(lines, includes_tax, shipping, share)| {
            let mut cart =
                Cart { lines, includes_tax, shipping: Decimal::new(shipping, 2), order_discount: Decimal::ZERO };
            let nets: Decimal = cart.lines.iter().map(|l| cart.before(l)).filter(|n| *n > Decimal::ZERO).sum();
            cart.order_discount = (nets * Decimal::from(share) / Decimal::from(100)).floor_cents();
            cart
        },
    )
}

fn earn_args(cart: &Value) -> Value {
    json!({ "now": NOW, "cart": cart })
}

fn points(r: &Value) -> Decimal {
    invariants::dec(&r["points"], "points").unwrap()
}

fn nets(r: &Value) -> Vec<Decimal> {
    r["lines"].as_array().unwrap().iter().map(|l| invariants::dec(&l["net"], "net").unwrap()).collect()
}

fn earn(program: &Program, cart: &Value) -> Value {
    let r = call(program, Operation::PreviewEarn, &earn_args(cart)).unwrap_or_else(|e| panic!("{e}\n{cart}"));
    invariants::earn(&r).unwrap();
    r
}

// ------------------------------------------------------------------ properties

proptest! {
    #![proptest_config(config())]

    /// §3.2 without caps: more of a line never earns fewer points.
    #[test]
    fn more_quantity_never_earns_fewer_points(p in program(), c in cart(0..1), k in 0..6usize, more in 1..4i64) {
        let program = compile(&p);
        let k = k % c.lines.len();
        let mut bigger = c.clone();
        bigger.lines[k].quantity += Decimal::from(more);
        let (before, after) = (earn(&program, &c.json()), earn(&program, &bigger.json()));
        prop_assert!(points(&after) >= points(&before), "{} then {} points\n{p}\n{}", before["points"], after["points"], c.json());
    }

    /// Line order changes no total: points, their parts, cashback, the
    /// eligible subtotal and each line's figures (matched by id).
    #[test]
    fn line_order_does_not_change_totals(p in program(), c in cart(0..1), order in Just((0..6usize).collect::<Vec<_>>()).prop_shuffle()) {
        let program = compile(&p);
        let mut shuffled = c.json();
        let lines = shuffled["lines"].as_array().unwrap().clone();
        let order: Vec<usize> = order.into_iter().filter(|i| *i < lines.len()).collect();
        shuffled["lines"] = Value::Array(order.iter().map(|&i| lines[i].clone()).collect());
        let (a, b) = (earn(&program, &c.json()), earn(&program, &shuffled));
        for key in ["points", "purchasePoints", "bonusPoints", "cashback", "eligibleSubtotal", "rules"] {
            prop_assert_eq!(&a[key], &b[key], "{}\n{}\n{}", key, p, c.json());
        }
        let by_id = |r: &Value| {
            let mut lines = r["lines"].as_array().unwrap().clone();
            lines.sort_by_key(|l| l["id"].as_str().unwrap().to_string());
            lines
        };
        prop_assert_eq!(by_id(&a), by_id(&b));
        let checkout = |cart: &Value| call(&program, Operation::Checkout, &earn_args(cart)).unwrap();
        let (x, y) = (checkout(&c.json()), checkout(&shuffled));
        for key in ["itemsTotal", "total"] {
            prop_assert_eq!(&x[key], &y[key]);
        }
    }

    /// §3.1: the order discount is split exactly (Σ shares = orderDiscount),
    /// over lines with a positive net before it, each share within a cent of
    /// its proportional part.
    #[test]
    fn order_discount_allocation_sums_exactly(p in program(), c in cart(0..101)) {
        let program = compile(&p);
        let r = earn(&program, &c.json());
        let before: Vec<Decimal> = c.lines.iter().map(|l| c.before(l)).collect();
        let positive: Decimal = before.iter().filter(|b| **b > Decimal::ZERO).sum();
        let shares: Vec<Decimal> = before.iter().zip(nets(&r)).map(|(b, n)| b - n).collect();
        prop_assert_eq!(shares.iter().sum::<Decimal>(), c.order_discount, "{}", c.json());
        for (share, b) in shares.iter().zip(&before) {
            prop_assert!(*share >= Decimal::ZERO && *share <= (*b).max(Decimal::ZERO));
            if *b > Decimal::ZERO {
                let exact = c.order_discount * b / positive;
                prop_assert!((*share - exact).abs() < d("0.01"), "share {} of exact {}", share, exact);
            }
        }
    }

    /// §9.1: the perk discount D = min(roundMoney(percentOff × S / 100),
    /// maxAmount), S the eligible matching nets, is split exactly over those lines.
    #[test]
    fn perk_discount_allocation_sums_exactly(p in program(), c in cart(0..60), percent in 1..10_000i64,
                                             filter in proptest::option::of(0..3usize), cap in proptest::option::of(0..5000i64)) {
        let mut perks = json!({ "percentOff": cents(percent) });
        if let Some(f) = filter {
            perks["lines"] = json!({ "categories": [CATEGORIES[f]] });
        }
        if let Some(m) = cap {
            perks["maxAmount"] = json!(cents(m));
        }
        let mut with_perks = p.clone();
        with_perks["tiers"] = json!({ "metric": "points", "window": { "type": "lifetime" },
                                       "levels": [{ "id": "bronze", "threshold": "0", "perks": perks }] });
        let plain = earn(&compile(&p), &c.json());
        // A guest holds the lowest level, and its perks (§9.1).
        let r = earn(&compile(&with_perks), &c.json());
        let matching: Vec<bool> = c.lines.iter().map(|l| {
            !(p.get("exclude").is_some() && l.categories.contains(&"x")) && filter.is_none_or(|f| l.categories.contains(&CATEGORIES[f]))
        }).collect();
        let s: Decimal = nets(&plain).iter().zip(&matching).filter(|(_, m)| **m).map(|(n, _)| *n).sum();
        let mut want = round_money(Decimal::new(percent, 2) * s / Decimal::from(100));
        if let Some(m) = cap {
            want = want.min(Decimal::new(m, 2));
        }
        prop_assert_eq!(invariants::dec(&r["perks"]["discount"], "perks.discount").unwrap(), want);
        let drops: Vec<Decimal> = nets(&plain).iter().zip(nets(&r)).map(|(a, b)| a - b).collect();
        prop_assert_eq!(drops.iter().sum::<Decimal>(), want);
        for (drop, m) in drops.iter().zip(&matching) {
            prop_assert!(*drop >= Decimal::ZERO && (*m || drop.is_zero()), "drop {} on a line that does not match", drop);
        }
    }

    /// §9.3: the rewards paid with points are taken off the eligible lines,
    /// exactly their sum; pointsSpent = Σ applied points; checkout agrees.
    #[test]
    fn points_paid_discounts_sum_exactly(p in program(), c in cart(0..50), amount in 1..3000i64, percent in 1..100i64,
                                          picks in prop::collection::vec(0..3usize, 0..4), balance in 0..20_000i64) {
        let mut p = p;
        p["rewards"] = json!([
            { "id": "amount", "type": "amount_off", "cost": "100", "amount": cents(amount) },
            { "id": "percent", "type": "percent_off", "cost": "200", "percent": percent.to_string() },
            { "id": "pay", "type": "pay_with_points", "pointValue": "0.01", "step": "10" }]);
        let program = compile(&p);
        let selections: Vec<Value> = picks.iter().map(|&i| json!({ "reward": (["amount", "percent", "pay"][i]) })).collect();
        let member = json!({ "id": "m", "balance": balance.to_string() });
        let args = json!({ "now": NOW, "cart": c.json(), "member": member, "selections": selections });
        let Ok(applied) = call(&program, Operation::ApplyRedemptions, &args) else { return Ok(()) };
        invariants::check(&p.to_string(), &program, Operation::ApplyRedemptions, &args, &applied.to_string()).unwrap();
        let plain = call(&program, Operation::PreviewEarn, &args).unwrap();
        let value: Decimal = applied["applied"].as_array().unwrap().iter().map(|a| invariants::dec(&a["value"], "value").unwrap()).sum();
        let drops: Vec<Decimal> = nets(&plain).iter().zip(nets(&applied["earn"])).map(|(a, b)| a - b).collect();
        prop_assert_eq!(drops.iter().sum::<Decimal>(), value);
        for (drop, line) in drops.iter().zip(plain["lines"].as_array().unwrap()) {
            prop_assert!(*drop >= Decimal::ZERO && (line["eligible"] == true || drop.is_zero()));
        }
    }

    /// §9.5: whatever the perks, rewards and selections, checkout's total is
    /// ≥ 0 and every figure adds up (itemsTotal + shipping − discount).
    #[test]
    fn checkout_total_is_never_negative(p in program(), c in cart(0..101), percent in 1..10_001i64, free in any::<bool>(),
                                         amount in 1..50_000i64, picks in prop::collection::vec(0..4usize, 0..5), balance in 0..50_000i64) {
        let mut p = p;
        p["tiers"] = json!({ "metric": "points", "window": { "type": "lifetime" },
                             "levels": [{ "id": "bronze", "threshold": "0", "perks": { "percentOff": cents(percent), "freeShipping": free } }] });
        p["rewards"] = json!([
            { "id": "amount", "type": "amount_off", "cost": "10", "amount": cents(amount) },
            { "id": "ship", "type": "free_shipping", "cost": "10" },
            { "id": "mug", "type": "free_product", "cost": "10", "skus": ["S0", "S1"] },
            { "id": "pay", "type": "pay_with_points", "pointValue": "0.05" }]);
        let program = compile(&p);
        let selections: Vec<Value> = picks.iter().map(|&i| json!({ "reward": (["amount", "ship", "mug", "pay"][i]) })).collect();
        let args = json!({ "now": NOW, "cart": c.json(), "member": { "id": "m", "balance": balance.to_string() }, "selections": selections });
        let Ok(r) = call(&program, Operation::Checkout, &args) else { return Ok(()) };
        prop_assert!(invariants::dec(&r["total"], "total").unwrap() >= Decimal::ZERO);
        invariants::check(&p.to_string(), &program, Operation::Checkout, &args, &r.to_string()).unwrap();
    }

    /// §9.6: partial refunds that add up to the order take back exactly its
    /// points, whatever the split, the rounding and the places; only the last
    /// completes it; each keeps the ledger's conservation.
    #[test]
    fn partial_refunds_add_up_to_the_order(units in 0..1_000_000i64, decimals in 0..3u32, rounding in 0..5usize,
                                            spend in 1..100_000i64, cuts in prop::collection::vec(1..100_000i64, 0..5),
                                            full_last in any::<bool>(), other in 0..5000i64) {
        let p = json!({ "version": 1, "currency": "USD", "earning": [{ "id": "b", "type": "spend", "points": "1" }],
                        "points": { "decimals": decimals, "rounding": ROUNDINGS[rounding] } });
        let program = compile(&p);
        let order_points = Decimal::new(units, decimals);
        let mut cuts: Vec<i64> = cuts.into_iter().map(|c| c % spend).filter(|c| *c > 0).collect();
        cuts.push(0);
        cuts.push(spend);
        cuts.sort_unstable();
        cuts.dedup();
        let parts: Vec<i64> = cuts.windows(2).map(|w| w[1] - w[0]).collect();
        let mut events = vec![
            json!({ "type": "purchase", "at": "2026-01-01T10:00:00Z", "points": order_points.to_string(), "spend": cents(spend), "orderId": "o-1" }),
            json!({ "type": "purchase", "at": "2026-01-02T10:00:00Z", "points": Decimal::new(other, decimals).to_string(), "spend": "10.00", "orderId": "o-2" }),
        ];
        let mut taken = Decimal::ZERO;
        for (i, part) in parts.iter().enumerate() {
            let last = i + 1 == parts.len();
            let refund = if last && full_last { json!({ "orderId": "o-1", "full": true }) } else { json!({ "orderId": "o-1", "amount": cents(*part) }) };
            let now = format!("2026-02-{:02}T10:00:00Z", i + 1);
            let args = json!({ "now": now, "member": { "id": "m", "events": events }, "refund": refund });
            let r = call(&program, Operation::PreviewReturn, &args).unwrap_or_else(|e| panic!("{e}\n{args}"));
            invariants::check(&p.to_string(), &program, Operation::PreviewReturn, &args, &r.to_string()).unwrap();
            prop_assert_eq!(&r["fullReturn"], &json!(last), "refund {} of {}", i + 1, parts.len());
            prop_assert_eq!(&r["spend"], &json!(cents(*part)));
            taken += invariants::dec(&r["points"], "points").unwrap();
            events.push(r["event"].clone());
        }
        prop_assert_eq!(taken, order_points, "parts {:?} of {} points", parts, order_points);
    }
}

// ------------------------------------------------------------------ native and wasm

/// The inputs of one vector: an operation and its arguments.
fn vector() -> impl Strategy<Value = (Value, &'static str, Value)> {
    let rewards = json!([
        { "id": "amount", "type": "amount_off", "cost": "100", "amount": "5.00" },
        { "id": "ship", "type": "free_shipping", "cost": "50" },
        { "id": "pay", "type": "pay_with_points", "pointValue": "0.01", "step": "10", "minPoints": "20" }]);
    (program(), cart(0..80), 0..7usize, 0..3000i64, any::<bool>(), prop::collection::vec(0..3usize, 0..3), 1..5000i64)
        .prop_map(move |(mut p, c, op, balance, perks, picks, spend)| {
            p["rewards"] = rewards.clone();
            let mut level1 = json!({ "id": "silver", "threshold": "500", "earnMultiplier": "1.25" });
            if perks {
                level1["perks"] = json!({ "percentOff": "12.5", "freeShipping": true });
            }
            p["tiers"] = json!({ "metric": "points", "window": { "type": "calendar_year" },
                                "levels": [{ "id": "bronze", "threshold": "0" }, level1] });
            let snapshot = json!({ "id": "m", "balance": balance.to_string(), "qualifyingValue": (balance / 2).to_string() });
            let ledger = json!({ "id": "m", "events": [
                { "type": "purchase", "at": "2026-03-01T10:00:00Z", "points": balance.to_string(), "spend": cents(spend * 10), "orderId": "o-1" },
                { "type": "redeem", "at": "2026-04-01T10:00:00Z", "points": (balance / 3).to_string() }] });
            let selections: Vec<Value> = picks.iter().map(|&i| json!({ "reward": (["amount", "ship", "pay"][i]) })).collect();
            let products: Vec<Value> = c.lines.iter().enumerate().map(|(i, l)| json!({ "sku": format!("S{i}"), "categories": l.categories, "price": l.unit.to_string() })).collect();
            let (name, args) = match op {
                0 => ("previewEarn", json!({ "now": NOW, "cart": c.json(), "member": snapshot })),
                1 => ("tierProgress", json!({ "now": NOW, "cart": c.json(), "member": ledger })),
                2 => ("redemptionOptions", json!({ "now": NOW, "cart": c.json(), "member": snapshot })),
                3 => ("applyRedemptions", json!({ "now": NOW, "cart": c.json(), "member": snapshot, "selections": selections })),
                4 => ("checkout", json!({ "now": NOW, "cart": c.json(), "member": ledger, "selections": selections })),
                5 => ("previewReturn", json!({ "now": NOW, "member": ledger, "refund": { "orderId": "o-1", "amount": cents(spend) } })),
                _ => ("productBadges", json!({ "now": NOW, "member": snapshot, "products": products })),
            };
            (p, name, args)
        })
}

/// Writes `$CARGO_TARGET_TMPDIR/property-vectors.json`: 200 generated calls
/// (every operation but the ledger-only statement and previewAction, which
/// the conformance cases cover) with their native outcome, for
/// `tests/js/property-vectors.test.mjs` to replay through the wasm package.
#[test]
fn native_and_wasm_vectors() {
    let mut runner = TestRunner::deterministic();
    let strategy = vector();
    let mut vectors = Vec::new();
    let mut ops = std::collections::BTreeSet::new();
    let mut answered = 0;
    for _ in 0..200 {
        let (p, op, args) = strategy.new_tree(&mut runner).unwrap().current();
        let program = compile(&p);
        let outcome = match program.call(Operation::from_name(op).unwrap(), &args.to_string()) {
            Ok(r) => {
                answered += 1;
                let text = r.to_json().unwrap();
                invariants::check(&p.to_string(), &program, Operation::from_name(op).unwrap(), &args, &text).unwrap();
                json!({ "result": serde_json::from_str::<Value>(&text).unwrap() })
            }
            Err(e) => json!({ "error": { "code": e.code.as_str(), "path": e.path, "message": e.message } }),
        };
        ops.insert(op);
        // Spread out as a §7 case, the shape scripts/case-ops.mjs maps onto the JS API.
        let mut case = json!({ "op": op, "program": p, "args": { "now": args["now"] } });
        for key in ["cart", "member"] {
            if let Some(v) = args.get(key) {
                case[key] = v.clone();
            }
        }
        for key in ["selections", "refund", "products"] {
            if let Some(v) = args.get(key) {
                case["args"][key] = v.clone();
            }
        }
        case["native"] = outcome;
        vectors.push(case);
    }
    assert_eq!(ops.len(), 7, "{ops:?}");
    assert!(answered >= 150, "only {answered} of 200 vectors answered");
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("property-vectors.json");
    std::fs::write(&path, serde_json::to_string(&vectors).unwrap()).unwrap();
}
