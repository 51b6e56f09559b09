// Browser test of the demo storefront (www/): serves it with www/server.mjs,
// drives it in headless Chromium (playwright-core, Debian's /usr/bin/chromium)
// and checks that every number the page shows is the engine's, by computing
// the expected values here with the wasm package in Node (pkg/node) from the
// same www/sample/*.json. A few numbers are also derived by hand from the spec.
// Fails on any console error, page error or failed request.
// Run: node --test tests/browser/   (after scripts/build-pkg)
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { Program } from "../../pkg/node/index.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const WWW = path.join(ROOT, "www");
const SCREENSHOT = path.join(WWW, "screenshot.png");
const NOW = "2026-11-24T10:00:00Z";
const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
];

const read = (f) => JSON.parse(fs.readFileSync(path.join(WWW, "sample", f), "utf8"));
const PROGRAM = read("program.json");
const PRODUCTS = read("products.json").products;
const MEMBERS = read("members.json");
const CART = read("cart.json");
const program = Program.fromJSON(PROGRAM);
const memberOf = (key) => structuredClone(MEMBERS.members.find((m) => m.key === key).member);
const rule = (id) => PROGRAM.earning.find((r) => r.id === id);
const reward = (id) => PROGRAM.rewards.find((r) => r.id === id);

// Text as the page prints it (grouping only: the engine's digits are kept).
const group = (d) => String(d).replace(/^(-?\d+)/, (i) => i.replace(/\B(?=(\d{3})+(?!\d))/g, ","));
const usd = (d) => `$${group(d)}`;
const stars = (d) => `${group(d)} ${d === "1" ? "Star" : "Stars"}`;

/** The engine cart of [[sku, qty], ...] the way the shop builds it (flat shipping, none when empty: free shipping is a tier perk the engine applies). */
function cartOf(items, { paymentMethod = "card" } = {}) {
  return {
    currency: "USD",
    channel: "online",
    paymentMethod,
    shipping: items.length === 0 ? "0.00" : CART.shippingFlat,
    lines: items.map(([sku, q]) => {
      const p = PRODUCTS.find((x) => x.sku === sku);
      return { id: sku, sku, categories: p.categories, tags: p.tags, unitPrice: p.price, quantity: String(q) };
    }),
  };
}

// ------------------------------------------------------------------ fixtures
let server; // child process
let baseUrl;
let context; // persistent context: its own --user-data-dir
let page;
let profileDir;
const problems = []; // console errors, page errors, failed requests

before(async () => {
  server = spawn(process.execPath, [path.join(WWW, "server.mjs")], {
    env: { ...process.env, PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  baseUrl = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 10_000);
    server.stdout.on("data", (d) => {
      out += d;
      const m = /Demo storefront: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    server.stderr.on("data", (d) => (out += d));
    server.once("exit", (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
  profileDir = fs.mkdtempSync(path.join(os.tmpdir(), "le-demo-chromium-"));
  // launchPersistentContext is how Playwright takes a --user-data-dir (launch() refuses the flag).
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    reducedMotion: "reduce", // no transitions or smooth scrolling: clicks need no settling time
  });
  page = context.pages()[0] || (await context.newPage());
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console.error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
});

after(async () => {
  try {
    if (context) await context.close();
  } finally {
    if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once("exit", r));
      server.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (server.exitCode === null) server.kill("SIGKILL");
    }
  }
});

afterEach(() => {
  const found = problems.splice(0);
  assert.deepEqual(found, [], "the page logged errors");
});

// ------------------------------------------------------------------ page helpers
const sel = (id) => `[data-testid="${id}"]`;

// One read of every [data-testid] per render (a round trip per check is slow on 2 cores).
let snap = null;
async function dom() {
  snap ||= await page.evaluate(() => {
    const out = {};
    for (const el of document.querySelectorAll("[data-testid]")) {
      const id = el.dataset.testid;
      (out[id] ||= []).push({
        text: el.textContent.replace(/\s+/g, " ").trim(),
        value: el.getAttribute("data-value"),
        visible: !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length),
        items: [...el.querySelectorAll(":scope > li")].map((li) => li.textContent.replace(/\s+/g, " ").trim()),
        best: el.dataset.best === "true",
      });
    }
    return out;
  });
  return snap;
}
async function node(id) {
  const found = (await dom())[id];
  assert.ok(found, `no element [data-testid="${id}"] on the page`);
  return found[0];
}
const text = async (id) => (await node(id)).text;
const value = async (id) => (await node(id)).value;
const items = async (id) => (await node(id)).items;
const all = async (id) => (await dom())[id] || [];
const has = async (id) => (await all(id)).length > 0;
const visible = async (id) => (await has(id)) && (await node(id)).visible;

async function open(query = "") {
  snap = null;
  await page.goto(baseUrl + query);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
}

/** Runs an interaction and waits for the page to re-render. */
async function act(fn) {
  const n = Number(await page.getAttribute("body", "data-render"));
  await fn();
  await page.waitForFunction((k) => Number(document.body.dataset.render) > k, n, { timeout: 5000 });
  snap = null;
}
const click = (id) => act(() => page.click(sel(id)));

/** The DOM's cart preview equals the engine's EarnPreview `e` (and `lines` in this order). */
async function assertEarnShown(e, cartItems) {
  assert.equal(await value("earn-points"), e.points);
  assert.equal(await text("earn-points"), `+${group(e.points)}`);
  assert.equal(await text("earn-purchase"), group(e.purchasePoints));
  assert.equal(await text("earn-bonus"), group(e.bonusPoints));
  assert.equal(await text("earn-tier-mult"), `×${e.tierMultiplier}`);
  assert.equal(await text("earn-cashback"), usd(e.cashback));
  assert.equal(await text("summary-earn"), stars(e.points));
  for (const [sku, q] of cartItems) {
    const l = e.lines.find((x) => x.id === sku);
    assert.ok(l, `engine line ${sku}`);
    assert.equal(await text(`qty-${sku}`), String(q), `quantity of ${sku}`);
    assert.equal(await text(`line-points-${sku}`), group(l.points), `points of ${sku}`);
    if (!l.eligible) continue;
    assert.equal(await text(`line-net-${sku}`), usd(l.net), `net of ${sku}`);
    assert.equal(await text(`line-base-${sku}`), group(l.basePoints), `base points of ${sku}`);
    assert.equal(await text(`line-mult-${sku}`), `×${l.multiplier}`, `multiplier of ${sku}`);
    assert.equal(await text(`line-tier-${sku}`), `×${e.tierMultiplier}`, `tier multiplier of ${sku}`);
    assert.deepEqual(await items(`line-rules-${sku}`), l.rules.map((id) => rule(id).name), `rules of ${sku}`);
  }
  assert.equal((await items("cart-lines")).length, cartItems.length, "cart lines");
}

// ------------------------------------------------------------------ tests
// The tests run in order on one page, as a person would use it: member
// switches and the reset go through the page's own controls.
const maya = () => memberOf("maya");
const sampleItems = () => CART.items.map((i) => [i.sku, Number(i.quantity)]);
let cartItems = sampleItems();

test("the storefront loads with the demo clock, no errors", async () => {
  await open();
  assert.equal(await value("now"), NOW);
  assert.match(await text("now"), /Nov 24, 2026/);
  assert.equal(await visible("error-banner"), false);
  assert.equal(await text("member-name"), "Maya Chen");
});

test("product badges are the engine's productBadges for the member", async () => {
  const { badges } = program.productBadges(
    PRODUCTS.map((p) => ({ sku: p.sku, categories: p.categories, tags: p.tags, price: p.price })), maya(), { now: NOW });
  assert.equal((await items("product-grid")).length, PRODUCTS.length);
  for (const b of badges) {
    assert.equal(await value(`badge-${b.sku}`), b.points, b.sku);
    assert.equal(await text(`badge-${b.sku}`), b.points === "0" ? "No Stars" : `Earn ${stars(b.points)}`, b.sku);
  }
});

test("cart preview (lines, points, bonus, cashback, totals) equals previewEarn", async () => {
  const cart = cartOf(cartItems);
  const e = program.previewEarn(cart, maya(), { now: NOW });
  await assertEarnShown(e, cartItems);
  const bonusChips = (await all("earn-bonus-rules")).length ? await items("earn-bonus-rules") : [];
  const bonusRules = e.rules.filter((r) => rule(r.id).type === "bonus");
  assert.deepEqual(bonusChips, bonusRules.map((r) => `${rule(r.id).name} +${group(r.points)}`));
  // The order summary is checkout's (spec §9.5): items before perks, the Silver perk, the total.
  const c = program.checkout(maya(), cart, [], { now: NOW });
  assert.equal(await text("items-total"), usd(c.itemsTotal));
  assert.equal(await text("shipping"), usd(CART.shippingFlat));
  assert.equal(await text("perk-discount"), `−${usd(c.perks.discount)}`);
  assert.equal(await has("perk-shipping"), false, "Silver has no free shipping");
  assert.equal(await text("total"), usd(c.total));
  assert.equal(c.total, program.applyRedemptions(maya(), cart, [], { now: NOW }).totalAfter);
  // By hand (spec §9.1): items 2 × 18.99 + 64.99 + 24.00 = 126.97; Silver's 5% of it = 6.3485 -> 6.35;
  // total 126.97 + 4.99 − 6.35 = 125.61.
  assert.equal(await text("items-total"), "$126.97");
  assert.equal(await text("perk-discount"), "−$6.35");
  assert.equal(await text("total"), "$125.61");
  assert.equal(await text("summary-tier"), "Tier after this order: Silver");
  // Cashback appears with the Kettle Card.
  await click("pay-kettle_card");
  const withCard = program.previewEarn(cartOf(cartItems, { paymentMethod: "kettle_card" }), maya(), { now: NOW });
  assert.notEqual(withCard.cashback, "0.00");
  assert.equal(await text("earn-cashback"), usd(withCard.cashback));
  await click("pay-card");
  assert.equal(await text("earn-cashback"), usd(e.cashback));
});

test("member panel equals tierProgress (with the cart) and statement", async () => {
  const t = program.tierProgress(maya(), { now: NOW, cart: cartOf(cartItems) });
  const s = program.statement(maya(), { now: NOW, days: 30 });
  assert.equal(await text("tier-name"), t.current.name);
  assert.equal(await text("tier-qualifying"), group(t.qualifyingValue));
  assert.equal(await text("tier-remaining"), `${stars(t.remaining)} to ${t.next.name}`);
  assert.equal(await text("tier-spend-to-next"), usd(t.spendToNext));
  assert.equal(await value("tier-progress"), t.progress);
  assert.match(await text("tier-with-cart"), new RegExp(`takes you to ${group(t.withCart.qualifyingValue)} of`));
  assert.equal(await text("balance"), group(s.balance));
  assert.equal(await text("lifetime-earned"), group(s.lifetimeEarned));
  assert.equal(await text("expired"), group(s.expired));
  const soon = (await all("expiring")).map((x) => x.text);
  assert.equal(soon.length, s.expiringSoon.length);
  assert.ok(soon.length > 0, "the sample has points expiring soon");
  assert.equal(soon[0], `${stars(s.expiringSoon[0].points)} expire on Dec 10, 2026`);
});

test("redemption options show the engine's values, reasons and best", async () => {
  const o = program.redemptionOptions(maya(), cartOf(cartItems), { now: NOW });
  assert.equal(await text("rewards-balance-value"), stars(o.balance));
  const expectedReasons = {
    r15: "300 Stars short",
    r25: "Add $29.38 to unlock", // by hand: $150 − (126.97 − 6.35 Silver perk) = $29.38
    gold10: "Gold members only",
    mug: "Add the mug to your cart",
  };
  for (const opt of o.options) {
    const status = await text(`reward-status-${opt.id}`);
    if (opt.eligible) {
      assert.equal(await value(`reward-value-${opt.id}`), opt.value, opt.id);
      assert.ok(status.startsWith(`Save ${usd(opt.value)}`) && status.endsWith(`pay ${usd(opt.totalAfter)}`), `${opt.id}: ${status}`);
    } else {
      assert.equal(status, expectedReasons[opt.id], `${opt.id}: ${opt.reason}`);
    }
  }
  assert.deepEqual(Object.keys(expectedReasons).sort(), o.options.filter((x) => !x.eligible).map((x) => x.id).sort());
  assert.equal(o.best, "pay");
  const best = Object.entries(await dom()).filter(([, v]) => v[0].best).map(([k]) => k);
  assert.deepEqual(best, [`reward-${o.best}`]);
});

test("+/−/remove/add update the preview to the engine's new numbers", async () => {
  const steps = [
    ["inc-BEAN-ETH", (xs) => xs.map(([s, q]) => [s, s === "BEAN-ETH" ? q + 1 : q])],
    ["dec-KETTLE-GOOSE", (xs) => xs.filter(([s]) => s !== "KETTLE-GOOSE")], // 1 -> 0 removes the line
    ["reward-add-mug", (xs) => [...xs, ["MUG-1", 1]]], // the mug reward's own "Add mug" button
    ["inc-MUG-1", (xs) => xs.map(([s, q]) => [s, s === "MUG-1" ? q + 1 : q])],
    ["dec-MUG-1", (xs) => xs.map(([s, q]) => [s, s === "MUG-1" ? q - 1 : q])],
    ["remove-TEA-MATCHA", (xs) => xs.filter(([s]) => s !== "TEA-MATCHA")],
    ["add-GIFTCARD-50", (xs) => [...xs, ["GIFTCARD-50", 1]]],
  ];
  for (const [button, change] of steps) {
    cartItems = change(cartItems);
    await click(button);
    const cart = cartOf(cartItems);
    const e = program.previewEarn(cart, maya(), { now: NOW });
    await assertEarnShown(e, cartItems);
    const t = program.tierProgress(maya(), { now: NOW, cart });
    assert.match(await text("tier-with-cart"), new RegExp(`takes you to ${group(t.withCart.qualifyingValue)} of`), button);
    const o = program.redemptionOptions(maya(), cart, { now: NOW });
    for (const opt of o.options.filter((x) => x.eligible)) {
      assert.equal(await value(`reward-value-${opt.id}`), opt.value, `${button}: ${opt.id}`);
    }
  }
  // The mug is in the cart now: its reward is redeemable; the gift card earns nothing.
  assert.match(await text("reward-status-mug"), /^Save \$16\.00/);
  assert.equal(await value("line-points-GIFTCARD-50"), "0");
  assert.equal(await has("line-net-GIFTCARD-50"), false);
});

test("applying rewards shows the engine's discount, total, spent points and what the order still earns", async () => {
  await click("reward-apply-r5");
  await click("reward-apply-pay");
  const cart = cartOf(cartItems);
  const selections = [{ reward: "r5" }, { reward: "pay" }];
  const r = program.applyRedemptions(maya(), cart, selections, { now: NOW });
  const c = program.checkout(maya(), cart, selections, { now: NOW });
  // "You save" is checkout's discount: the Silver perk plus both rewards (spec §9.5).
  assert.equal(await text("discount"), `−${usd(c.discount)}`);
  assert.equal(await text("perk-discount"), `−${usd(c.perks.discount)}`);
  for (const a of c.applied) assert.equal(await text(`applied-${a.reward}`), `−${usd(a.value)}`);
  assert.equal(await text("total"), usd(r.totalAfter));
  assert.equal(c.total, r.totalAfter);
  assert.equal(await text("points-spent"), stars(r.pointsSpent));
  assert.equal(await text("balance-after"), stars(r.balanceAfter));
  await assertEarnShown(r.earn, cartItems);
  assert.equal(await value("earn-before-rewards"), program.previewEarn(cart, maya(), { now: NOW }).points);
  // The tier preview counts only what the discounted order earns (spec §4.1 withCart, §5.3 earn).
  const t = program.tierProgress(maya(), { now: NOW });
  const expectedAfter = (BigInt(t.qualifyingValue) + BigInt(r.earn.purchasePoints)).toString();
  assert.match(await text("tier-with-cart"), new RegExp(`takes you to ${group(expectedAfter)} of`));
  // Un-applying restores the undiscounted preview.
  await click("reward-apply-r5");
  await click("reward-apply-pay");
  assert.equal(await has("applied-r5"), false);
  assert.equal(await text("discount"), `−${usd(program.checkout(maya(), cart, [], { now: NOW }).perks.discount)}`); // the perk alone
  await assertEarnShown(program.previewEarn(cart, maya(), { now: NOW }), cartItems);
});

test("gold snapshot member: free shipping perk; a reward the balance cannot cover is refused politely", async () => {
  await click("member-sam");
  const sam = memberOf("sam");
  const cart = cartOf(cartItems);
  assert.equal(await text("tier-name"), "Gold");
  assert.equal(await text("tier-remaining"), "Top tier: the best perks are yours");
  // Gold's perks (spec §9.1): 20% off and free shipping, applied by the engine, shown in the summary.
  const c = program.checkout(sam, cart, [], { now: NOW });
  assert.equal(await text("shipping"), usd(CART.shippingFlat));
  assert.equal(await text("perk-shipping"), `−${usd(CART.shippingFlat)}`);
  assert.equal(await text("perk-discount"), `−${usd(c.perks.discount)}`);
  assert.equal(await text("total"), usd(c.total));
  assert.equal(await text("reward-status-ship"), "Shipping is already free");
  await assertEarnShown(program.previewEarn(cart, sam, { now: NOW }), cartItems);
  for (const id of ["gold10", "pay", "r15"]) await click(`reward-apply-${id}`);
  // pay takes every Star left after gold10, so r15 cannot follow: the engine says insufficient_points.
  assert.throws(
    () => program.applyRedemptions(sam, cart, [{ reward: "gold10" }, { reward: "pay" }, { reward: "r15" }], { now: NOW }),
    (e) => e.code === "insufficient_points" && e.path === "selections[2]",
  );
  assert.match(await text("notice"), /Not enough Stars left for “\$15 off”/);
  const r = program.checkout(sam, cart, [{ reward: "gold10" }, { reward: "pay" }], { now: NOW });
  assert.equal(await text("total"), usd(r.total));
  assert.equal(await text("discount"), `−${usd(r.discount)}`);
  assert.equal(await text("balance-after"), stars(r.balanceAfter));
  await assertEarnShown(r.earn, cartItems);
});

// Worked out by hand from spec §3.2, §4.1, §5.5 and the sample JSON, not from the engine.
test("hand-derived numbers: a one-line guest cart, a badge, the tier distance", async () => {
  // Maya's badge for one bag of BEAN-ETH, after Silver's 5% perk (spec §9.1): 5% of 18.99 = 0.9495 -> 0.95,
  // net 18.04; 18.04 × 1 Star/$ × 2 (double coffee) × 1.25 (Silver) = 45.1 -> floor 45.
  await click("member-maya");
  assert.equal(await text("badge-BEAN-ETH"), "Earn 45 Stars");
  // Maya's 2026 purchase points: 260 + 310 − 40 (return) + 110 = 640; Gold at 1000 -> 360 to go;
  // spendToNext = 360 / (1 Star per $1 × 1.25) = $288.00.
  assert.equal(await text("tier-remaining"), "360 Stars to Gold");
  assert.equal(await text("tier-spend-to-next"), "$288.00");
  // Maya's balance: lots 220+50+170+260+310+110+50 = 1170; − 200 redeemed − 40 returned (FIFO: from
  // the 2025-06 lot's last 20, then 20 of the 2025-09 review lot) − 30 expired (that review lot's rest,
  // on 2026-09-02) = 900; the 170 of 2025-12-10 expire 12 months later, within 30 days.
  assert.equal(await text("balance"), "900");
  assert.equal(await text("expiring"), "170 Stars expire on Dec 10, 2026");
  // Guest, one BEAN-ETH: 18.99 × 2 = 37.98 purchase points -> floor 37; bonus: welcome 100 (no purchase yet),
  // Black Friday needs a $75 subtotal -> no. Total 37 + 100 = 137. Bronze ×1.
  await click("member-guest");
  for (const [sku] of cartItems) await click(`remove-${sku}`);
  cartItems = [];
  assert.equal(await visible("cart-empty"), true);
  await click("add-BEAN-ETH");
  cartItems = [["BEAN-ETH", 1]];
  assert.equal(await text("line-net-BEAN-ETH"), "$18.99");
  assert.equal(await text("line-points-BEAN-ETH"), "37.98");
  assert.equal(await text("earn-purchase"), "37");
  assert.equal(await text("earn-bonus"), "100");
  assert.equal(await text("earn-points"), "+137");
  // Total: 18.99 + 4.99 shipping = 23.98.
  assert.equal(await text("total"), "$23.98");
});

test("writing a review books +50 Stars once a day (previewAction)", async () => {
  await click("member-maya");
  const m = maya();
  const p = program.previewAction(m, "review", { now: NOW });
  assert.equal(p.eligible, true);
  assert.equal(await value("action-review-points"), p.points);
  assert.match(await text("action-review"), /Write a review: \+50 Stars/);
  await click("action-review-button");
  m.events.push({ type: "action", action: "review", at: NOW, points: p.points });
  assert.equal(program.previewAction(m, "review", { now: NOW }).reason, "limit_reached");
  assert.match(await text("action-review-status"), /come back tomorrow/);
  assert.equal(await text("balance"), group(program.statement(m, { now: NOW }).balance));
  assert.equal(await text("balance"), "950");
});

test("a paid tier (member.tier + tierUntil): Kettle Club's perks on Maya's cart", async () => {
  // The cart is one BEAN-ETH (previous test). Kettle Club ranks above Silver, so it is Maya's tier (spec §9.2)
  // and its perks apply: 10% of 18.99 = 1.899 -> 1.90 off; shipping 4.99 waived; total 18.99 + 4.99 − 1.90 − 4.99 = 17.09.
  await act(() => page.click(sel("club-toggle")));
  assert.equal(await text("tier-name"), "Kettle Club");
  assert.equal(await text("perk-discount"), "−$1.90");
  assert.equal(await text("perk-shipping"), "−$4.99");
  assert.equal(await text("total"), "$17.09");
  assert.match(await text("club-until"), /active until Nov 24, 2027/);
  // Its next tier is Gold, reached by value: still 360 Stars away (assigned-only levels are never `next`).
  assert.equal(await text("tier-remaining"), "360 Stars to Gold");
  const m = { ...maya(), tier: "club", tierUntil: MEMBERS.paidTier.tierUntil };
  m.events.push({ type: "action", action: "review", at: NOW, points: "50" }); // booked by the previous test
  const c = program.checkout(m, cartOf(cartItems), [], { now: NOW });
  assert.equal(c.total, "17.09");
  assert.equal(await text("summary-earn"), stars(c.earn.points));
  await act(() => page.click(sel("club-toggle")));
  assert.equal(await text("tier-name"), "Silver");
});

test("a return: previewReturn's points, balance and tier, and its event booked as is", async () => {
  // Maya's balance is 950 (the review). Order o-1005 earned 110 on $88.00: all of it back takes 110 -> 840.
  await click("return-o-1005");
  assert.equal(await text("return-points"), "−110");
  assert.equal(await text("return-balance-after"), "840 Stars");
  assert.equal(await value("return-tier"), "silver"); // 640 − 110 = 530 qualifying, still ≥ 500
  await click("return-cancel");
  assert.equal(await has("return-preview"), false);
  // A part of o-1003 (260 Stars on $208.00): $52.00 back takes 260 × 52 / 208 = 65 -> 885.
  await click("return-o-1003");
  await act(async () => {
    await page.fill(sel("return-amount"), "52.00");
    await page.press(sel("return-amount"), "Tab");
  });
  const m = maya();
  m.events.push({ type: "action", action: "review", at: NOW, points: "50" });
  const r = program.previewReturn(m, { orderId: "o-1003", amount: "52.00" }, { now: NOW });
  assert.equal(r.points, "65");
  assert.equal(await text("return-points"), "−65");
  assert.equal(await text("return-balance-after"), "885 Stars");
  await click("return-book");
  assert.equal(await text("balance"), "885");
  assert.match((await items("activity"))[0], /^Return o-1003 \(part\)/);
  m.events.push(r.event);
  assert.equal(program.statement(m, { now: NOW }).balance, "885");
  // $156.00 of the order is left to return: it still offers a Return; an amount above it is refused politely.
  await click("return-o-1003");
  await act(async () => {
    await page.fill(sel("return-amount"), "200.00");
    await page.press(sel("return-amount"), "Tab");
  });
  assert.equal(await has("return-points"), false);
  assert.ok((await text("return-error")).length > 0);
  await click("return-cancel");
});

test("reset, then a full-page screenshot at 1280 px", async () => {
  await click("reset");
  cartItems = sampleItems();
  const e = program.previewEarn(cartOf(cartItems), maya(), { now: NOW });
  await assertEarnShown(e, cartItems);
  assert.equal(await text("balance"), "900");
  await click("reward-apply-r5");
  await page.mouse.move(0, 0); // no hover state in the picture
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  const png = fs.readFileSync(SCREENSHOT);
  assert.equal(png.readUInt32BE(16), 1280, "screenshot width");
  assert.ok(png.readUInt32BE(20) > 1500, "a full page, not the viewport");
});

test("a bad ?now= is reported politely and the default clock is used", async () => {
  await open("?now=not-a-date");
  assert.equal(await value("now"), NOW);
  assert.match(await text("notice"), /not a valid timestamp/);
  assert.equal(await visible("error-banner"), false);
});

test("another ?now= changes the engine's answers (Black Friday bonus over, lot expired)", async () => {
  const later = "2026-12-24T09:00:00Z";
  await open(`?member=maya&now=${later}`);
  assert.equal(await value("now"), later);
  const e = program.previewEarn(cartOf(sampleItems()), maya(), { now: later });
  assert.equal(e.bonusPoints, "0");
  await assertEarnShown(e, sampleItems());
  const s = program.statement(maya(), { now: later });
  assert.equal(await text("balance"), group(s.balance));
});
