//! Native side of `scripts/bench`: the standard workloads W1–W5
//! (`../shared/bench/README.md`) through the typed Rust API, as a server
//! that holds parsed values calls it. Inputs are parsed once, outside the
//! timing (W5 times the parse of the programme text itself).
//!
//! Usage: `cargo run --release --example bench -- WORKLOADS_DIR [ROUNDS]`.
//! Prints one JSON object: `{"W1_previewEarn": µs, …}`, each the median of
//! `ROUNDS` rounds (default 9) of enough calls to take about 20 ms.

use loyalty_engine::{Cart, Decimal, Member, Product, Program, Timestamp};
use std::str::FromStr;
use std::time::Instant;

/// Median over `rounds` of the time per call, in µs; each round runs `f`
/// enough times to last about 20 ms (measured once, on a first call).
fn per_call_us(rounds: usize, mut f: impl FnMut()) -> f64 {
    let t0 = Instant::now();
    f();
    let once = t0.elapsed().as_secs_f64();
    let calls = ((0.02 / once.max(1e-9)) as usize).clamp(1, 100_000);
    let mut times: Vec<f64> = (0..rounds)
        .map(|_| {
            let t0 = Instant::now();
            for _ in 0..calls {
                f();
            }
            t0.elapsed().as_secs_f64() * 1e6 / calls as f64
        })
        .collect();
    times.sort_by(|a, b| a.total_cmp(b));
    times[times.len() / 2]
}

fn load(dir: &str, name: &str) -> String {
    std::fs::read_to_string(format!("{dir}/{name}")).unwrap_or_else(|e| panic!("{dir}/{name}: {e}"))
}

/// Typed products from the workload's `products.json` (sku, categories, tags, price as text).
fn typed_products(text: &str) -> Vec<Product> {
    let list: Vec<serde_json::Value> = serde_json::from_str(text).expect("valid products");
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array().map_or_else(Vec::new, |a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
    };
    list.iter()
        .map(|p| Product {
            sku: p["sku"].as_str().expect("a sku").to_string(),
            categories: strings(&p["categories"]),
            tags: strings(&p["tags"]),
            price: Decimal::from_str(p["price"].as_str().expect("a price text")).expect("a decimal price"),
        })
        .collect()
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: bench WORKLOADS_DIR [ROUNDS]");
    let rounds: usize = std::env::args().nth(2).map_or(9, |r| r.parse().expect("ROUNDS is a number"));
    let args: serde_json::Value = serde_json::from_str(&load(&dir, "args.json")).expect("valid args.json");
    let now = Timestamp::parse(args["now"].as_str().expect("args.now")).expect("a timestamp");
    let days = args["days"].as_u64().expect("args.days") as u32;

    let program_text = load(&dir, "program.json");
    let program = Program::from_json(&program_text).expect("valid program");
    let cart = Cart::from_json(&program, &load(&dir, "cart.json")).expect("valid cart");
    let snapshot = Member::from_json(&program, &load(&dir, "member-snapshot.json")).expect("valid member");
    let ledger = Member::from_json(&program, &load(&dir, "member-ledger.json")).expect("valid ledger");
    let products = typed_products(&load(&dir, "products.json"));

    let w1 = per_call_us(rounds, || {
        program.preview_earn(&cart, Some(&snapshot), now).expect("W1");
    });
    let w2 = per_call_us(rounds, || {
        program.product_badges(&products, Some(&snapshot), now).expect("W2");
    });
    let w3 = per_call_us(rounds, || {
        program.statement(&ledger, now, days).expect("W3");
    });
    let w4 = per_call_us(rounds, || {
        program.redemption_options(Some(&snapshot), &cart, now).expect("W4");
    });
    let w5 = per_call_us(rounds, || {
        Program::from_json(&program_text).expect("W5");
    });
    println!(
        r#"{{"W1_previewEarn":{w1:.2},"W2_productBadges":{w2:.2},"W3_statement":{w3:.2},"W4_redemptionOptions":{w4:.2},"W5_fromJSON":{w5:.2}}}"#
    );
}
