//! Native benchmarks (run by `scripts/bench`, which writes the inputs from
//! `bench/scenarios.mjs` so that native and wasm measure the same work).
//! Inputs go through the loose API ([`Program::call`] on the arguments as
//! one JSON object text), as a server receiving the storefront's JSON calls
//! it; badges are also measured through the typed API. Medians of several
//! runs.
//!
//! Each loose call reads its arguments from JSON text, so the figures include
//! parsing the cart, member, products or ledger, as the JS binding does.
//!
//! Not measured any more: the text route of `productBadges` (products read
//! and computed as they are read, badges written as JSON), which is the wasm
//! binding's internal route and no longer public natively; and reading the
//! product list on its own, which has no public entry point either (the
//! difference between the loose and the typed badges gives its order of
//! magnitude).

use loyalty_engine::{Decimal, Member, Operation, Product, Program, Response, Timestamp};
use std::str::FromStr;
use std::time::Instant;

const NOW: &str = "2026-11-24T10:00:00Z";

fn median(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t0 = Instant::now();
            f();
            t0.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(|a, b| a.total_cmp(b));
    times[times.len() / 2]
}

fn load(dir: &str, name: &str) -> String {
    std::fs::read_to_string(format!("{dir}/{name}.json")).expect("scripts/bench writes the inputs")
}

/// The arguments of a loose call: `{"now": NOW, <name>: <JSON text>…}`.
fn args(pairs: &[(&str, &str)]) -> String {
    let mut fields = vec![format!(r#""now":"{NOW}""#)];
    fields.extend(pairs.iter().map(|(name, text)| format!(r#""{name}":{text}"#)));
    format!("{{{}}}", fields.join(","))
}

/// Typed products from the JSON `bench/scenarios.mjs` writes (sku, categories, tags, price as text).
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
    let dir = std::env::args().nth(1).expect("usage: bench INPUT_DIR");
    let program_text = load(&dir, "program");
    let program = Program::from_json(&program_text).expect("valid program");
    let (member, one_line, hundred, products, ledger) = (
        load(&dir, "member"),
        load(&dir, "cart1"),
        load(&dir, "cart100"),
        load(&dir, "products"),
        load(&dir, "ledger"),
    );
    let earn1_args = args(&[("cart", &one_line), ("member", &member)]);
    let earn100_args = args(&[("cart", &hundred), ("member", &member)]);
    let badges_args = args(&[("products", &products), ("member", &member)]);
    let statement_args = args(&[("member", &ledger)]);
    let n_products = match program.call(Operation::ProductBadges, &badges_args).expect("badges") {
        Response::Badges(b) => b.badges.len(),
        _ => unreachable!("productBadges answers badges"),
    };

    let reps = 1000;
    let compile = median(7, || {
        for _ in 0..100 {
            Program::from_json(&program_text).expect("valid");
        }
    }) / 100.0;
    let earn1 = median(7, || {
        for _ in 0..reps {
            program.call(Operation::PreviewEarn, &earn1_args).expect("earn");
        }
    }) / reps as f64;
    let earn100 = median(7, || {
        for _ in 0..100 {
            program.call(Operation::PreviewEarn, &earn100_args).expect("earn");
        }
    }) / 100.0;
    let badges = median(7, || {
        program.call(Operation::ProductBadges, &badges_args).expect("badges");
    });
    let per_product = badges / n_products as f64;
    let typed_products = typed_products(&products);
    let member_typed = Member::from_json(&program, &member).expect("valid member");
    let now = Timestamp::parse(NOW).expect("valid");
    let typed = median(7, || {
        program.product_badges(&typed_products, Some(&member_typed), now).expect("badges");
    });
    eprintln!("typed badges {typed:.2} ms ({:.2} µs per product)", typed * 1000.0 / n_products as f64);
    let statement = median(3, || {
        program.call(Operation::Statement, &statement_args).expect("statement");
    });
    let us = |ms: f64| format!("{:.1} µs", ms * 1000.0);
    println!("native    fromJSON (5 rules, 3 tiers):            {}", us(compile));
    println!("native    previewEarn, 1-line cart:               {}", us(earn1));
    println!("native    previewEarn, 100-line cart:             {}", us(earn100));
    println!(
        "native    productBadges, 10,000 products:         {badges:.1} ms ({} per product, {:.0}× cheaper than a 1-line previewEarn)",
        us(per_product),
        earn1 / per_product
    );
    println!("native    statement, 100,000-event ledger:        {statement:.0} ms");
}
