// Product illustrations, drawn inline as SVG (nothing downloaded, no emoji
// font needed). art(kind, color) -> an <svg> string, 160×120 viewBox.

const INK = "#2b2420";

const shapes = {
  bag: (c) => `
    <ellipse cx="80" cy="108" rx="34" ry="5" fill="${INK}" opacity=".12"/>
    <path d="M52 30 L108 30 L114 104 Q80 110 46 104 Z" fill="${c}"/>
    <path d="M52 30 L108 30 L110 40 L50 40 Z" fill="${INK}" opacity=".18"/>
    <path d="M50 22 h60 v10 h-60 z" fill="${c}"/>
    <path d="M56 22 v10 M62 22 v10 M68 22 v10 M74 22 v10 M80 22 v10 M86 22 v10 M92 22 v10 M98 22 v10 M104 22 v10" stroke="#fff" stroke-opacity=".35" stroke-width="1.4"/>
    <rect x="60" y="54" width="40" height="34" rx="4" fill="#fbf6ee"/>
    <ellipse cx="80" cy="71" rx="8" ry="11" fill="${c}" transform="rotate(28 80 71)"/>
    <path d="M76 62 Q82 71 78 80" stroke="#fbf6ee" stroke-width="2" fill="none" stroke-linecap="round" transform="rotate(28 80 71)"/>
    <path d="M110 40 L114 104" stroke="${INK}" stroke-opacity=".15" stroke-width="3"/>`,
  tin: (c) => `
    <ellipse cx="80" cy="106" rx="30" ry="6" fill="${INK}" opacity=".12"/>
    <path d="M54 36 v64 a26 7 0 0 0 52 0 v-64 z" fill="${c}"/>
    <path d="M54 56 h52 v26 h-52 z" fill="#fbf6ee"/>
    <path d="M62 69 q9 -10 18 0 q9 10 18 0" stroke="${c}" stroke-width="3" fill="none" stroke-linecap="round"/>
    <path d="M52 26 v10 a28 7 0 0 0 56 0 v-10 z" fill="${INK}" opacity=".78"/>
    <ellipse cx="80" cy="26" rx="28" ry="7" fill="${INK}" opacity=".55"/>
    <path d="M96 40 v58" stroke="#fff" stroke-opacity=".25" stroke-width="5" stroke-linecap="round"/>`,
  mug: (c) => `
    <ellipse cx="76" cy="106" rx="34" ry="6" fill="${INK}" opacity=".12"/>
    <path d="M100 52 h8 a14 14 0 0 1 0 28 h-8" stroke="${c}" stroke-width="8" fill="none"/>
    <path d="M46 40 h58 v52 a14 14 0 0 1 -14 14 h-30 a14 14 0 0 1 -14 -14 z" fill="${c}"/>
    <ellipse cx="75" cy="40" rx="29" ry="6" fill="${INK}" opacity=".35"/>
    <path d="M54 50 v40" stroke="#fff" stroke-opacity=".28" stroke-width="6" stroke-linecap="round"/>
    <path d="M66 30 q-6 -8 0 -16 M78 30 q-6 -8 0 -16 M90 30 q-6 -8 0 -16" stroke="${INK}" stroke-opacity=".3" stroke-width="3" fill="none" stroke-linecap="round"/>`,
  kettle: (c) => `
    <ellipse cx="76" cy="106" rx="40" ry="6" fill="${INK}" opacity=".12"/>
    <path d="M46 100 q-4 -40 16 -56 h28 q20 16 16 56 z" fill="${c}"/>
    <path d="M104 78 q14 -4 18 -24 q2 -10 12 -14" stroke="${c}" stroke-width="6" fill="none" stroke-linecap="round"/>
    <path d="M60 44 q16 -20 32 0" stroke="${INK}" stroke-opacity=".7" stroke-width="6" fill="none" stroke-linecap="round"/>
    <path d="M48 56 q-20 6 -12 30" stroke="${INK}" stroke-opacity=".7" stroke-width="7" fill="none" stroke-linecap="round"/>
    <ellipse cx="76" cy="44" rx="15" ry="4" fill="${INK}" opacity=".5"/>
    <path d="M58 56 q-6 20 -2 38" stroke="#fff" stroke-opacity=".3" stroke-width="5" fill="none" stroke-linecap="round"/>`,
  grinder: (c) => `
    <ellipse cx="80" cy="106" rx="26" ry="6" fill="${INK}" opacity=".12"/>
    <rect x="62" y="46" width="36" height="60" rx="8" fill="${c}"/>
    <rect x="62" y="74" width="36" height="6" fill="${INK}" opacity=".25"/>
    <rect x="58" y="40" width="44" height="10" rx="4" fill="${INK}" opacity=".75"/>
    <path d="M80 40 v-12 h30" stroke="${INK}" stroke-opacity=".8" stroke-width="5" fill="none" stroke-linecap="round" stroke-linejoin="round"/>
    <rect x="104" y="16" width="12" height="18" rx="6" fill="#d9a441"/>
    <path d="M70 52 v46" stroke="#fff" stroke-opacity=".3" stroke-width="5" stroke-linecap="round"/>`,
  dripper: (c) => `
    <ellipse cx="80" cy="106" rx="36" ry="6" fill="${INK}" opacity=".12"/>
    <path d="M46 36 h68 l-20 44 h-28 z" fill="${c}"/>
    <ellipse cx="80" cy="36" rx="34" ry="6" fill="${INK}" opacity=".3"/>
    <path d="M114 44 q14 2 10 18 q-3 10 -20 10" stroke="${c}" stroke-width="6" fill="none" stroke-linecap="round"/>
    <rect x="56" y="80" width="48" height="7" rx="3" fill="${c}"/>
    <path d="M60 87 h40 v10 a20 10 0 0 1 -40 0 z" fill="#fbf6ee" stroke="${INK}" stroke-opacity=".2" stroke-width="2"/>
    <path d="M64 90 h32 v6 a16 6 0 0 1 -32 0 z" fill="#6b3f2a" opacity=".75"/>
    <path d="M58 42 l12 32" stroke="#fff" stroke-opacity=".3" stroke-width="5" stroke-linecap="round"/>`,
  filters: (c) => `
    <ellipse cx="80" cy="104" rx="40" ry="6" fill="${INK}" opacity=".12"/>
    <path d="M40 38 h64 l-16 62 h-32 z" fill="${c}" opacity=".55" transform="rotate(-10 72 70)"/>
    <path d="M52 34 h64 l-16 62 h-32 z" fill="${c}" opacity=".8"/>
    <path d="M56 30 h64 l-16 62 h-32 z" fill="#efe2cb" stroke="${c}" stroke-width="2"/>
    <path d="M60 36 q28 6 56 0" stroke="${c}" stroke-width="2" fill="none" stroke-dasharray="3 3"/>
    <path d="M78 88 h20" stroke="${c}" stroke-width="2"/>`,
  jar: (c) => `
    <ellipse cx="80" cy="106" rx="32" ry="6" fill="${INK}" opacity=".12"/>
    <rect x="56" y="22" width="48" height="12" rx="3" fill="${INK}" opacity=".7"/>
    <path d="M54 34 h52 v62 a10 10 0 0 1 -10 10 h-32 a10 10 0 0 1 -10 -10 z" fill="#dfeff0" opacity=".9" stroke="${INK}" stroke-opacity=".25" stroke-width="2"/>
    <g fill="${c}" stroke="#8a5a2b" stroke-width="1.5">
      <path d="M60 60 q18 -12 38 -6 l-2 10 q-18 -6 -34 6 z"/>
      <path d="M60 78 q18 -12 38 -6 l-2 10 q-18 -6 -34 6 z"/>
      <path d="M60 96 q18 -12 38 -6 l-2 8 q-18 -4 -34 4 z"/>
    </g>
    <g fill="#fbf6ee"><circle cx="72" cy="60" r="1.6"/><circle cx="84" cy="76" r="1.6"/><circle cx="76" cy="92" r="1.6"/><circle cx="90" cy="58" r="1.6"/></g>
    <path d="M62 40 v50" stroke="#fff" stroke-opacity=".6" stroke-width="4" stroke-linecap="round"/>`,
  tote: (c) => `
    <ellipse cx="80" cy="108" rx="38" ry="5" fill="${INK}" opacity=".12"/>
    <path d="M62 48 v-10 a18 18 0 0 1 36 0 v10" stroke="${INK}" stroke-opacity=".55" stroke-width="5" fill="none"/>
    <path d="M44 46 h72 l6 60 h-84 z" fill="${c}"/>
    <path d="M80 62 l5.3 10.7 11.7 1.7 -8.5 8.3 2 11.7 -10.5 -5.5 -10.5 5.5 2 -11.7 -8.5 -8.3 11.7 -1.7 z" fill="#c8743a"/>
    <path d="M44 46 h72 l1 8 h-74 z" fill="${INK}" opacity=".12"/>`,
  giftcard: (c) => `
    <ellipse cx="80" cy="104" rx="46" ry="6" fill="${INK}" opacity=".12"/>
    <rect x="30" y="32" width="100" height="66" rx="9" fill="${c}" transform="rotate(-6 80 65)"/>
    <g transform="rotate(-6 80 65)">
      <rect x="30" y="56" width="100" height="10" fill="#f3c74d"/>
      <rect x="92" y="32" width="10" height="66" fill="#f3c74d"/>
      <path d="M97 56 q-18 -18 -22 -4 q2 8 22 4 q18 -18 22 -4 q-2 8 -22 4" fill="#f3c74d" stroke="#c9982c" stroke-width="1.5"/>
      <text x="40" y="88" font-family="DejaVu Sans, Arial, sans-serif" font-size="15" font-weight="700" fill="#fff">$50</text>
    </g>`,
};

/** An illustration for a product; unknown kinds get a plain parcel. */
export function art(kind, color = "#888") {
  const body = (shapes[kind] || shapes.bag)(color);
  return `<svg viewBox="0 0 160 120" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">${body}</svg>`;
}

/** The shop's logo: a little kettle with a star. */
export const LOGO = `<svg viewBox="0 0 40 40" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">
  <circle cx="20" cy="20" r="19" fill="#2f5d50"/>
  <path d="M11 29 q-1 -10 4 -14 h10 q5 4 4 14 z" fill="#fbf6ee"/>
  <path d="M29 24 q4 -1 5 -7" stroke="#fbf6ee" stroke-width="2.2" fill="none" stroke-linecap="round"/>
  <path d="M16 15 q4 -6 8 0" stroke="#fbf6ee" stroke-width="2" fill="none"/>
  <path d="M20 19.5 l1.4 2.9 3.2 .5 -2.3 2.2 .5 3.2 -2.8 -1.5 -2.8 1.5 .5 -3.2 -2.3 -2.2 3.2 -.5 z" fill="#e0a526"/>
</svg>`;

/** A small star glyph (inline, so no font is needed). */
export const STAR = `<svg class="star" viewBox="0 0 20 20" aria-hidden="true" focusable="false"><path d="M10 1.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8L10 14.9l-5.2 2.7 1-5.8L1.5 7.7l5.9-.9z" fill="currentColor"/></svg>`;
