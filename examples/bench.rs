//! Native benchmarks (run by `scripts/bench`, which writes the inputs from
//! `bench/scenarios.mjs` so that native and wasm measure the same work).
//! Inputs go through the loose entry points (`ops::…` on JSON values), as
//! a server or the JS binding calls them. Medians of several runs.

use loyalty_engine::json::{self, Value};
use loyalty_engine::{ops, Program};
use std::time::Instant;

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

fn load(dir: &str, name: &str) -> Value {
    let text = std::fs::read_to_string(format!("{dir}/{name}.json")).expect("scripts/bench writes the inputs");
    json::parse(&text).expect("valid JSON")
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: bench INPUT_DIR");
    let program_value = load(&dir, "program");
    let program = Program::from_value(&program_value).expect("valid program");
    let (member, one_line, hundred, products, ledger) = (
        load(&dir, "member"),
        load(&dir, "cart1"),
        load(&dir, "cart100"),
        load(&dir, "products"),
        load(&dir, "ledger"),
    );
    let now = Value::String("2026-11-24T10:00:00Z".into());
    let n_products = match &products {
        Value::Array(p) => p.len(),
        _ => 1,
    };

    let reps = 1000;
    let compile = median(7, || {
        for _ in 0..100 {
            Program::from_value(&program_value).expect("valid");
        }
    }) / 100.0;
    let earn1 = median(7, || {
        for _ in 0..reps {
            ops::preview_earn(&program, Some(&one_line), Some(&member), Some(&now)).expect("earn");
        }
    }) / reps as f64;
    let earn100 = median(7, || {
        for _ in 0..100 {
            ops::preview_earn(&program, Some(&hundred), Some(&member), Some(&now)).expect("earn");
        }
    }) / 100.0;
    let badges = median(7, || {
        ops::product_badges(&program, Some(&products), Some(&member), Some(&now)).expect("badges");
    });
    let per_product = badges / n_products as f64;
    // The route of the wasm binding: products as the text JSON.stringify
    // writes, read and computed as they are read, badges written as JSON.
    let products_text =
        std::fs::read_to_string(format!("{dir}/products.json")).expect("scripts/bench writes the inputs");
    let text_route = median(7, || {
        ops::product_badges_text(&program, &products_text, Some(&member), Some(&now)).expect("badges");
    });
    let typed_products = loyalty_engine::badges::read_products(&products).expect("valid products");
    let member_typed = loyalty_engine::Member::from_value(&program, &member).expect("valid member");
    let now_ts = loyalty_engine::Timestamp::parse("2026-11-24T10:00:00Z").expect("valid");
    let typed = median(7, || {
        program.product_badges(&typed_products, Some(&member_typed), now_ts).expect("badges");
    });
    let read = median(7, || {
        loyalty_engine::badges::read_product_list(&products).expect("valid products");
    });
    eprintln!("typed badges {typed:.2} ms, read_product_list {read:.2} ms");
    let statement = median(3, || {
        ops::statement(&program, Some(&ledger), Some(&now), None).expect("statement");
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
    println!(
        "native    productBadges from JSON text (wasm route): {text_route:.1} ms ({} per product, {:.0}× cheaper than a 1-line previewEarn)",
        us(text_route / n_products as f64),
        earn1 * n_products as f64 / text_route
    );
    println!("native    statement, 100,000-event ledger:        {statement:.0} ms");
}
