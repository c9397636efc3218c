// Search page of the CCHC site (tim-kiem/?q=…). Reads the static index that src/cchc/search/index.py
// writes under tim-kiem/du-lieu/: only the shards of the query's words and the texts of the
// results on screen are fetched, all from this site. The folding rules below (normalize, fold,
// exact, words, fnv1a) must stay identical to src/cchc/search/terms.py, and oneTypo and corrections to
// src/cchc/search/typos.py; tests/browser/test_search.py checks both.
// No reader-facing text here: messages and the result markup live in overrides/search.html.

const PAGE_SIZE = 10;
const SNIPPET_WORDS = 30;
const K1 = 1.2; // BM25 saturation of a word's weight in a page
const B = 0.75; // BM25 length normalisation: a word counts less in a long page (a whole plan) than in a short one
const EXACT_BONUS = 0.6; // the very word typed (same marks, either tone placement) over another of the same folding
const PAIR_BONUS = 1.5; // the query's words standing together, as in the query
const TYPO_PENALTY = 0.5; // a word found through a correction of a typo weighs less than the word typed
const MIN_LETTERS = 5; // typos.py: the words meant that a typo still finds
const MAX_CORRECTIONS = 8; // typos.py: alternatives per typed word
const NAME_CHECKED = 20; // pages of a name query whose text is read to find the whole name as it is typed
const LETTERS = /^\p{L}+$/u;
const CAPITALISED = /^\p{Lu}\p{L}*$/u;
const TONES = { "\u0300": "`", "\u0301": "'", "\u0303": "~", "\u0309": "?", "\u0323": "." };
const WORD = /[\p{L}\p{N}]+/gu;
// What may stand between two words of a highlighted run: spaces, or one sign inside a compound ("GD&ĐT", "07/KH-SGDĐT").
const JOINED = /^(\s+|[^\s\p{L}\p{N}])$/u;

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

/** Groups of equivalent forms (du-lieu/viet-tat.yml, embedded in the search page), each form as its folded words. */
export function abbreviationForms(groups) {
  return (groups || []).map((forms) => forms.map((form) => words(form).map(fold)).filter((form) => form.length));
}

/** True when `word` is `typed` with exactly one letter changed, added, removed, or two neighbours swapped. */
export function oneTypo(typed, word) {
  if (typed === word || Math.abs(typed.length - word.length) > 1) return false;
  let start = 0;
  while (start < Math.min(typed.length, word.length) && typed[start] === word[start]) start++;
  const a = typed.slice(start);
  const b = word.slice(start);
  if (a.length === b.length) {
    return a.slice(1) === b.slice(1) || (a.length >= 2 && a[0] === b[1] && a[1] === b[0] && a.slice(2) === b.slice(2));
  }
  return a.length > b.length ? a.slice(1) === b : a === b.slice(1);
}

/** Words of the typo list one typo away from a typed folded word of four letters or more, those with its first letter first. */
export function corrections(typed, list) {
  if (typed.length < MIN_LETTERS - 1 || !LETTERS.test(typed)) return [];
  const near = list.filter((word) => oneTypo(typed, word));
  const same = near.filter((word) => word[0] === typed[0]);
  return [...same, ...near.filter((word) => word[0] !== typed[0])].slice(0, MAX_CORRECTIONS);
}

/** A receipt code as a person types it (case, spaces and dashes aside; src/cchc/receipts.py, parse_code), or null. */
export function receiptCode(raw, alphabet, length) {
  const code = raw.replace(/[\s-]/g, "").toUpperCase();
  return code.length === length && [...code].every((char) => alphabet.includes(char)) ? code : null;
}

/** A personal name: two to six words, each a capital letter and letters ("Đỗ Văn Khải", "Nguyễn Thị Hoà"). */
export function isName(raw) {
  const list = words(raw);
  return list.length >= 2 && list.length <= 6 && list.every((word) => CAPITALISED.test(word));
}

/**
 * Whether a text has the words of `raw` side by side in its order, separated by spaces only: each word as
 * folded when the query was typed without marks; typed with marks, each word with the marks as typed (tone
 * placement aside), so "Nguyễn Văn An" is not "Nguyễn Văn Ân" (src/cchc/search/ranking.py, has_phrase).
 */
export function hasPhrase(text, raw) {
  const wanted = words(raw).map((word) => ({ fold: fold(word), exact: exactKey(word) }));
  const marked = wanted.some((word) => word.exact);
  const flat = normalize(text);
  const found = [...flat.matchAll(WORD)];
  for (let i = 0; i + wanted.length <= found.length; i++) {
    let k = 0;
    while (k < wanted.length) {
      const token = found[i + k];
      if (fold(token[0]) !== wanted[k].fold || (marked && exactKey(token[0]) !== wanted[k].exact)) break;
      if (k > 0) {
        const gap = flat.slice(found[i + k - 1].index + found[i + k - 1][0].length, token.index);
        if (!/^[^\S\n]+$/.test(gap)) break;
      }
      k++;
    }
    if (k === wanted.length) return true;
  }
  return false;
}

const samePrefix = (list, start, form) => form.every((word, k) => list[start + k] === word);

/**
 * A query as units: a word, or a run of words that is a form of an abbreviation group ("thủ tục hành
 * chính", "TTHC"), whose other forms are alternatives ("TTHC" also matches a page with "thủ tục hành
 * chính", and the reverse). The longest form wins. Each typed word keeps its exact key (its marks), and
 * neighbouring typed words make pairs.
 */
export function parseQuery(raw, groups = []) {
  const list = words(raw);
  const folded = list.map(fold);
  const units = [];
  for (let i = 0; i < list.length; ) {
    let best = null;
    for (const group of groups) {
      for (const form of group) {
        if ((!best || form.length > best.form.length) && samePrefix(folded, i, form)) best = { form, group };
      }
    }
    const length = best ? best.form.length : 1;
    const typed = list.slice(i, i + length).map((word) => ({ fold: fold(word), exact: exactKey(word) }));
    const typedKey = folded.slice(i, i + length).join(" ");
    const others = best ? best.group.filter((form) => form.join(" ") !== typedKey) : [];
    units.push({ typed, others });
    i += length;
  }
  const pairs = [];
  for (let i = 0; i + 1 < list.length; i++) pairs.push(folded[i] + " " + folded[i + 1]);
  return { units, pairs: [...new Set(pairs)], folded };
}

const pairsOf = (foldedWords) => foldedWords.slice(1).map((word, k) => foldedWords[k] + " " + word);

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

  /** The typo list (typo.bin): loaded only when a query found nothing as typed. */
  typoList() {
    return this.load("typo.bin");
  }

  /**
   * What a query finds: { ids, corrected }. `ids`: page ids matching every unit of the query (each by its
   * typed words or by another form of its abbreviation), best first. When nothing matches as typed, each
   * typed word of four letters or more that no page has also matches the words one typo away from it
   * (src/cchc/search/typos.py);
   * `corrected` maps such a typed word to them, empty when the words as typed found the pages. Pages that match
   * through fewer corrections come first; then pages with more of the typed words exactly as typed (marks
   * included), then pages where the query's words stand together, then by weight (BM25 on word counts, title
   * words counting more). So "Đỗ Văn Khải" lists the page with that name before pages that only have "đó",
   * "vẫn", "khai" here and there. A query that is a personal name (isName) lists first the pages that have
   * the whole name as typed, side by side, among the first NAME_CHECKED of those that have each pair of its
   * words (their texts are read: two-word terms cannot tell "Nguyễn Văn An" from "Nguyễn Văn Bình … Trần
   * Văn An").
   */
  async search(raw, groups = []) {
    await this.init();
    const query = parseQuery(raw, groups);
    const corrected = new Map();
    if (!query.units.length) return { ids: [], corrected };
    let scored = await this.rank(query, corrected);
    if (!scored.length) {
      // Only a word the site does not have at all: one it has is taken as meant, never "corrected" to another.
      const folds = [...new Set(query.units.flatMap((unit) => unit.typed.map((item) => item.fold)))];
      const sizes = await Promise.all(folds.map(async (word) => (await this.postings(word)).size));
      const typed = folds.filter((word, k) => sizes[k] === 0 && word.length >= MIN_LETTERS - 1 && LETTERS.test(word));
      if (typed.length) {
        const list = await this.typoList();
        for (const word of typed) {
          const near = corrections(word, list);
          if (near.length) corrected.set(word, near);
        }
        if (corrected.size) scored = await this.rank(query, corrected);
      }
    }
    let ids = scored.map((entry) => entry.id);
    if (isName(raw)) {
      const whole = scored.filter((entry) => entry.pairs === query.pairs.length).slice(0, NAME_CHECKED);
      const docs = await Promise.all(whole.map((entry) => this.doc(entry.id)));
      const named = new Set(whole.filter((entry, k) => hasPhrase(docs[k].title, raw) || hasPhrase(docs[k].text, raw))
        .map((entry) => entry.id));
      ids = [...ids.filter((id) => named.has(id)), ...ids.filter((id) => !named.has(id))];
    }
    return { ids, corrected };
  }

  /** The scored pages of a query, best first; `corrected`: typed word → the words one typo away it also matches. */
  async rank(query, corrected) {
    const meta = this.meta;
    const { units, folded } = query;
    const alternatives = (word) => [word, ...(corrected.get(word) || [])];
    // The pairs of neighbouring query words, each with the pairs a correction of one of the two makes with the
    // other as typed (not two corrections together: up to 81 more shards for two misspelt neighbours).
    const queryPairs = [];
    for (let i = 0; i + 1 < folded.length; i++) {
      const [a, b] = [folded[i], folded[i + 1]];
      queryPairs.push([a + " " + b, ...alternatives(a).slice(1).map((x) => x + " " + b), ...alternatives(b).slice(1).map((y) => a + " " + y)]);
    }
    const uniquePairs = [...new Map(queryPairs.map((list) => [list[0], list])).values()];
    const terms = new Set(uniquePairs.flat());
    for (const unit of units) {
      for (const item of unit.typed) {
        for (const word of alternatives(item.fold)) terms.add(word);
        if (item.exact) terms.add(item.exact);
      }
      for (const form of unit.others) for (const term of [...form, ...pairsOf(form)]) terms.add(term);
    }
    const postings = new Map(await Promise.all([...terms].sort().map(async (t) => [t, await this.postings(t)])));
    const idf = (map) => Math.log(1 + (meta.pages - map.size + 0.5) / (map.size + 0.5));
    const lengths = meta.lengths || [];
    const average = lengths.reduce((sum, length) => sum + length, 0) / (lengths.length || 1) || 1;
    const saturate = (count, id) => (count * (K1 + 1)) / (count + K1 * (1 - B + (B * (lengths[id] || average)) / average));
    const weight = (term, id) => {
      const map = postings.get(term);
      return map.has(id) ? idf(map) * saturate(map.get(id), id) : 0;
    };
    const has = (term, id) => postings.get(term).has(id);
    // The word of a page that stands for a typed word: the word itself, else its heaviest correction.
    const found = (word, id) => {
      if (has(word, id)) return word;
      let best = null;
      for (const other of corrected.get(word) || []) {
        if (has(other, id) && (best === null || weight(other, id) > weight(best, id))) best = other;
      }
      return best;
    };
    const pairFound = (list, id) => list.find((pair) => has(pair, id)) || null;
    // How a page matches one unit: [corrections, exact words, adjacency (0 to 1), weight], or null.
    const matchUnit = (unit, id) => {
      let best = null;
      const consider = (match) => {
        if (!best || match[0] < best[0] || (match[0] === best[0] && (match[2] > best[2] || (match[2] === best[2] && match[3] > best[3])))) {
          best = match;
        }
      };
      const words = unit.typed.map((item) => found(item.fold, id));
      if (words.every((word) => word !== null)) {
        let score = 0;
        let exact = 0;
        let typos = 0;
        unit.typed.forEach((item, k) => {
          const typo = words[k] !== item.fold;
          typos += typo ? 1 : 0;
          score += (typo ? TYPO_PENALTY : 1) * weight(words[k], id);
          if (!typo && item.exact && has(item.exact, id)) {
            exact += 1;
            score += EXACT_BONUS * weight(item.exact, id);
          }
        });
        const inner = pairsOf(words);
        const together = inner.filter((pair) => has(pair, id)).length;
        consider([typos, exact, inner.length ? together / inner.length : 1, score]);
      }
      for (const form of unit.others) {
        if (!form.every((term) => has(term, id))) continue;
        const inner = pairsOf(form);
        const together = inner.filter((pair) => has(pair, id)).length;
        const score = form.reduce((sum, term) => sum + weight(term, id), 0);
        consider([0, 0, inner.length ? together / inner.length : 1, score]);
      }
      return best;
    };
    const candidates = new Set();
    const first = units[0];
    for (const term of [...alternatives(first.typed[0].fold), ...first.others.map((form) => form[0])]) {
      for (const id of postings.get(term).keys()) candidates.add(id);
    }
    const scored = [];
    for (const id of candidates) {
      const matches = units.map((unit) => matchUnit(unit, id));
      if (matches.some((match) => match === null)) continue;
      let [typos, exact, together, score, pairs] = [0, 0, 0, 0, 0];
      for (const match of matches) {
        typos += match[0];
        exact += match[1];
        together += match[2];
        score += match[3];
      }
      for (const list of uniquePairs) {
        const pair = pairFound(list, id);
        if (pair !== null) {
          pairs += 1;
          together += 1;
          score += PAIR_BONUS * weight(pair, id);
        }
      }
      scored.push({ id, typos, exact, together, score, pairs });
    }
    // ids run newest first
    scored.sort((a, b) => a.typos - b.typos || b.exact - a.exact || b.together - a.together || b.score - a.score || a.id - b.id);
    return scored;
  }
}

/**
 * Which words of a text to highlight for a query: runs of words that stand together (only spaces, or one
 * sign as in "GD&ĐT", between them) as they do in the query. A run is highlighted when it has two words
 * or more, or when it is the whole of a one-word query: for "thủ tục" the "tục" of "tiếp tục" is not. A
 * word typed with its marks highlights only that word (tone placement aside). Another form of an
 * abbreviation the query uses ("thủ tục hành chính" for "TTHC") is highlighted only whole. A word the search
 * corrected (`corrected`: typed word → words one typo away) highlights those words too.
 */
export function highlighted(tokens, gaps, raw, groups = [], corrected = new Map()) {
  const { units } = parseQuery(raw, groups);
  const patterns = [{ words: units.flatMap((unit) => unit.typed), whole: false }];
  for (const unit of units) {
    for (const form of unit.others) patterns.push({ words: form.map((term) => ({ fold: term, exact: null })), whole: true });
  }
  const hit = tokens.map(() => false);
  const fits = (token, word) => (token.fold === word.fold && (!word.exact || token.exact === word.exact))
    || (corrected.get(word.fold) || []).includes(token.fold);
  for (const { words: pattern, whole } of patterns) {
    for (let i = 0; i < tokens.length; i++) {
      for (let start = 0; start < (whole ? 1 : pattern.length); start++) {
        let length = 0;
        while (i + length < tokens.length && start + length < pattern.length && fits(tokens[i + length], pattern[start + length])
               && (length === 0 || JOINED.test(gaps[i + length]))) length++;
        const enough = whole ? length === pattern.length : length >= 2 || (length === 1 && pattern.length === 1);
        if (enough) for (let k = 0; k < length; k++) hit[i + k] = true;
      }
    }
  }
  return hit;
}

/** A snippet of the page's own text around the query's words, matches in <mark>. */
export function snippet(text, raw, groups = [], corrected = new Map()) {
  const flat = text.replace(/\s+/g, " ");
  const found = [...flat.matchAll(WORD)];
  const tokens = found.map((m) => ({ start: m.index, end: m.index + m[0].length, fold: fold(m[0]), exact: exactKey(m[0]) }));
  // gaps[i]: the text between token i - 1 and token i
  const gaps = tokens.map((token, i) => flat.slice(i ? tokens[i - 1].end : 0, token.start));
  const hits = highlighted(tokens.map((t) => ({ fold: t.fold, exact: t.exact })), gaps, raw, groups, corrected);
  tokens.forEach((token, i) => { token.hit = hits[i]; });
  let best = 0;
  let bestRank = [-1, -1];
  tokens.forEach((token, index) => {
    if (!token.hit) return;
    const start = Math.max(0, index - 4);
    const window = tokens.slice(start, start + SNIPPET_WORDS).filter((t) => t.hit);
    const rank = [new Set(window.map((t) => t.fold)).size, window.length];
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
    if (last && JOINED.test(flat.slice(last.end, token.start))) last.end = token.end;
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
  const data = document.querySelector("script[data-abbreviations]");
  const groups = abbreviationForms(data ? JSON.parse(data.textContent) : []);
  const siteRoot = new URL(root.dataset.root.replace(/\/?$/, "/"), location.href);
  const form = root.querySelector("form");
  const input = form.querySelector("input[name=q]");
  const list = root.querySelector("[data-results]");
  const more = root.querySelector("[data-more]");
  const template = root.querySelector("template[data-result]");
  const codeTemplate = root.querySelector("template[data-code-result]");
  const answers = new URL(root.dataset.answers, location.href);
  const alphabet = root.dataset.codeAlphabet;
  const codeLength = Number(root.dataset.codeLength);
  let run = 0;
  let ids = [];
  let shownCount = 0;
  let query = "";
  let corrected = new Map();

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
      if (doc.date) {
        time.dateTime = doc.datetime;
        time.textContent = doc.date;
      } else {
        time.parentElement.remove(); // a page without a date of its own (the feedback form, the feeds page, …)
      }
      item.querySelector("[data-field=snippet]").append(snippet(doc.text, query, groups, corrected));
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
    corrected = new Map();
    if (!query) {
      show("empty");
      return;
    }
    show("loading");
    try {
      const found = await index.search(query, groups);
      const code = receiptCode(query, alphabet, codeLength);
      let codeLink = null;
      if (code) {
        // A receipt code leads first to its answer's page, published or not yet; the page itself, when the
        // index has it, is not listed twice.
        codeLink = new URL(code.toLowerCase() + "/", answers).href;
        const docs = await Promise.all(found.ids.slice(0, PAGE_SIZE).map((id) => index.doc(id)));
        const same = new Set(found.ids.filter((id, k) => k < docs.length && new URL(docs[k].url, siteRoot).href === codeLink));
        found.ids = found.ids.filter((id) => !same.has(id));
      }
      if (current !== run) return;
      ids = found.ids;
      corrected = found.corrected;
      for (const element of root.querySelectorAll("[data-query]")) element.textContent = query;
      root.querySelector("[data-count]").textContent = String(ids.length + (code ? 1 : 0));
      root.querySelector("[data-typo]").hidden = corrected.size === 0;
      if (!ids.length && !code) {
        show("none");
        return;
      }
      if (code) {
        const item = codeTemplate.content.firstElementChild.cloneNode(true);
        item.querySelector("[data-field=link]").href = codeLink;
        item.querySelector("[data-field=code]").textContent = code;
        list.append(item);
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
