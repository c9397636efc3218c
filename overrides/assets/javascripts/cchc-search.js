// Search page of the CCHC site (tim-kiem/?q=…). Reads the static index that src/cchc/search.py
// writes under tim-kiem/du-lieu/: only the shards of the query's words and the texts of the
// results on screen are fetched, all from this site. The folding rules below (normalize, fold,
// exact, words, fnv1a) must stay identical to src/cchc/search.py; tests/test_search.py checks it.
// No reader-facing text here: messages and the result markup live in overrides/search.html.

const PAGE_SIZE = 10;
const SNIPPET_WORDS = 30;
const K1 = 1.2; // BM25 saturation of a word's weight in a page
const EXACT_BONUS = 0.6; // the very word typed (same marks, either tone placement) over another of the same folding
const PAIR_BONUS = 1.5; // the query's words standing together, as in the query
const TONES = { "\u0300": "`", "\u0301": "'", "\u0303": "~", "\u0309": "?", "\u0323": "." };
const WORD = /[\p{L}\p{N}]+/gu;

/** NFC, and the look-alike eth (Ð ð) read as đ, as the site does when it loads content. */
export function normalize(text) {
  return text.normalize("NFC").replace(/\u00d0/g, "\u0110").replace(/\u00f0/g, "\u0111");
}

/** Lowercase, no tone or letter marks, đ → d: "Đào" → "dao". */
export function fold(word) {
  return normalize(word).toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d");
}

/** Letters with their letter marks and the tone as one sign: "hoà" and "hòa" → "hoa`". */
export function exact(word) {
  let letters = "";
  let tones = "";
  for (const char of normalize(word).toLowerCase().normalize("NFD")) {
    if (char in TONES) tones += TONES[char];
    else letters += char;
  }
  return letters.normalize("NFC") + tones;
}

export function exactKey(word) {
  const key = exact(word);
  return key === fold(word) ? null : "=" + key;
}

export function words(text) {
  return normalize(text).match(WORD) || [];
}

export function fnv1a(term) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(term)) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash;
}

/** The words of a query, their keys, and the pairs of neighbouring words. */
export function parseQuery(raw) {
  const list = words(raw);
  const items = [];
  const seen = new Set();
  for (const word of list) {
    const item = { fold: fold(word), exact: exactKey(word) };
    const id = item.fold + " " + item.exact;
    if (!seen.has(id)) {
      seen.add(id);
      items.push(item);
    }
  }
  const pairs = [];
  for (let i = 0; i + 1 < list.length; i++) pairs.push(fold(list[i]) + " " + fold(list[i + 1]));
  return { items, pairs: [...new Set(pairs)] };
}

/** gzip (as written by the build) or plain JSON, if a server already unpacked it. */
async function fetchData(url, init) {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${response.status} ${url}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  let data = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    data = new Uint8Array(await new Response(stream).arrayBuffer());
  }
  return JSON.parse(new TextDecoder().decode(data));
}

export class SearchIndex {
  constructor(base) {
    this.base = base;
    this.cache = new Map();
    this.meta = null;
  }

  load(path) {
    if (!this.cache.has(path)) {
      const url = new URL(path, this.base);
      url.searchParams.set("v", this.meta.version);
      this.cache.set(path, fetchData(url));
    }
    return this.cache.get(path);
  }

  async init() {
    if (!this.meta) {
      // Always revalidated, so a rebuilt site never mixes old and new shards (their URLs carry the version).
      this.meta = await fetchData(new URL("meta.json", this.base), { cache: "no-cache" });
    }
    return this.meta;
  }

  /** Map page id → weight of a term. */
  async postings(term) {
    const shard = await this.load(`t/${fnv1a(term) % this.meta.shards}.bin`);
    const flat = shard[term] || [];
    const map = new Map();
    let id = 0;
    for (let i = 0; i < flat.length; i += 2) {
      id += flat[i];
      map.set(id, flat[i + 1]);
    }
    return map;
  }

  doc(id) {
    return this.load(`d/${id}.bin`);
  }

  /** Page ids matching every word of the query, best first. */
  async search(raw) {
    const meta = await this.init();
    const { items, pairs } = parseQuery(raw);
    if (!items.length) return [];
    const terms = new Set(pairs);
    for (const item of items) {
      terms.add(item.fold);
      if (item.exact) terms.add(item.exact);
    }
    const postings = new Map(await Promise.all([...terms].sort().map(async (t) => [t, await this.postings(t)])));
    const idf = (map) => Math.log(1 + (meta.pages - map.size + 0.5) / (map.size + 0.5));
    const saturate = (weight) => (weight * (K1 + 1)) / (weight + K1);
    let candidates = [...postings.get(items[0].fold).keys()];
    for (const item of items.slice(1)) {
      const map = postings.get(item.fold);
      candidates = candidates.filter((id) => map.has(id));
    }
    const scored = candidates.map((id) => {
      let score = 0;
      for (const item of items) {
        const map = postings.get(item.fold);
        score += idf(map) * saturate(map.get(id));
        const exactMap = item.exact && postings.get(item.exact);
        if (exactMap && exactMap.has(id)) score += EXACT_BONUS * idf(map) * saturate(exactMap.get(id));
      }
      for (const pair of pairs) {
        const map = postings.get(pair);
        if (map.has(id)) score += PAIR_BONUS * idf(map) * saturate(map.get(id));
      }
      return { id, score };
    });
    scored.sort((a, b) => b.score - a.score || a.id - b.id); // ids run newest first
    return scored.map((entry) => entry.id);
  }
}

/** A snippet of the page's own text around the query's words, matches in <mark>. */
export function snippet(text, raw) {
  const wanted = new Set(parseQuery(raw).items.map((item) => item.fold));
  const flat = text.replace(/\s+/g, " ");
  const tokens = [...flat.matchAll(WORD)].map((m) => ({ start: m.index, end: m.index + m[0].length, hit: wanted.has(fold(m[0])) }));
  let best = 0;
  let bestRank = [-1, -1];
  tokens.forEach((token, index) => {
    if (!token.hit) return;
    const start = Math.max(0, index - 4);
    const window = tokens.slice(start, start + SNIPPET_WORDS).filter((t) => t.hit);
    const rank = [new Set(window.map((t) => fold(flat.slice(t.start, t.end)))).size, window.length];
    if (rank[0] > bestRank[0] || (rank[0] === bestRank[0] && rank[1] > bestRank[1])) {
      best = start;
      bestRank = rank;
    }
  });
  const shown = tokens.slice(best, best + SNIPPET_WORDS);
  const fragment = document.createDocumentFragment();
  if (!shown.length) return fragment;
  // Neighbouring matches share one <mark>: "đào tạo", not "đào" and "tạo".
  const runs = [];
  for (const token of shown) {
    if (!token.hit) continue;
    const last = runs[runs.length - 1];
    if (last && /^\s+$/.test(flat.slice(last.end, token.start))) last.end = token.end;
    else runs.push({ start: token.start, end: token.end });
  }
  let at = shown[0].start;
  if (best > 0) fragment.append("… ");
  for (const run of runs) {
    fragment.append(flat.slice(at, run.start));
    const mark = document.createElement("mark");
    mark.textContent = flat.slice(run.start, run.end);
    fragment.append(mark);
    at = run.end;
  }
  const last = shown[shown.length - 1];
  fragment.append(flat.slice(at, last.end));
  if (best + SNIPPET_WORDS < tokens.length) fragment.append(" …");
  return fragment;
}

function main(root) {
  const index = new SearchIndex(new URL(root.dataset.index, location.href));
  const siteRoot = new URL(root.dataset.root.replace(/\/?$/, "/"), location.href);
  const form = root.querySelector("form");
  const input = form.querySelector("input[name=q]");
  const list = root.querySelector("[data-results]");
  const more = root.querySelector("[data-more]");
  const template = root.querySelector("template[data-result]");
  let run = 0;
  let ids = [];
  let shownCount = 0;
  let query = "";

  const show = (state) => {
    for (const element of root.querySelectorAll("[data-state]")) element.hidden = element.dataset.state !== state;
    root.dataset.status = state;
  };

  async function showMore(current) {
    const slice = ids.slice(shownCount, shownCount + PAGE_SIZE);
    more.disabled = true;
    const docs = await Promise.all(slice.map((id) => index.doc(id)));
    more.disabled = false;
    if (current !== run) return;
    for (const doc of docs) {
      const item = template.content.firstElementChild.cloneNode(true);
      const link = item.querySelector("[data-field=link]");
      link.href = new URL(doc.url, siteRoot).href;
      link.textContent = doc.title;
      const time = item.querySelector("[data-field=date]");
      time.dateTime = doc.datetime;
      time.textContent = doc.date;
      item.querySelector("[data-field=snippet]").append(snippet(doc.text, query));
      list.append(item);
    }
    shownCount += slice.length;
    more.hidden = shownCount >= ids.length;
  }

  async function search(raw) {
    const current = ++run;
    query = normalize(raw).replace(/\s+/g, " ").trim();
    input.value = query;
    const url = new URL(location.href);
    if (query) url.searchParams.set("q", query);
    else url.searchParams.delete("q");
    history.replaceState(history.state, "", url);
    list.replaceChildren();
    more.hidden = true;
    ids = [];
    shownCount = 0;
    if (!query) {
      show("empty");
      return;
    }
    show("loading");
    try {
      const found = await index.search(query);
      if (current !== run) return;
      ids = found;
      for (const element of root.querySelectorAll("[data-query]")) element.textContent = query;
      root.querySelector("[data-count]").textContent = String(ids.length);
      if (!ids.length) {
        show("none");
        return;
      }
      await showMore(current);
      if (current === run) show("found");
    } catch (error) {
      if (current !== run) return;
      console.error(error);
      show("error");
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search(input.value);
  });
  // On this page the header's search box searches in place instead of reloading.
  const header = document.querySelector("form.cchc-header-search");
  if (header) {
    header.addEventListener("submit", (event) => {
      event.preventDefault();
      const field = header.querySelector("input[name=q]");
      search(field.value);
      field.value = "";
    });
  }
  more.addEventListener("click", () => {
    if (!more.disabled) showMore(run).catch(() => show("error"));
  });
  search(new URLSearchParams(location.search).get("q") || "");
}

const root = document.querySelector("[data-cchc-search]");
if (root) main(root);
