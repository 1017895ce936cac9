"use strict";
// Renders the report from the JSON block above: paginated lists of
// families and pairs, and one pair view at a time. Offsets in the data count
// code points, so texts are split with Array.from, never indexed as UTF-16.
(function () {
  const data = JSON.parse(document.getElementById("reprint-data").textContent);
  const docs = data.documents;
  const pairs = data.pairs;
  const families = data.families;
  const PAGE = 50;
  const state = { query: "", familyPage: 0, pairPage: 0 };

  // Pairs by unordered pair of document indices.
  const pairIndex = new Map();
  pairs.forEach((p, i) => pairIndex.set(key(p.a, p.b), i));
  function key(x, y) { return x < y ? x + "," + y : y + "," + x; }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === "class") node.className = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function docLabel(i) {
    const d = docs[i];
    const about = [d.source, d.date].filter(Boolean).join(", ");
    return el("span", {},
      d.title ? el("span", { class: "headline" }, d.title + " ") : null,
      el("span", { class: "id" }, d.id),
      about ? el("span", { class: "source" }, " (" + about + ")") : null);
  }

  // The original's cell: a document, the third party two siblings both
  // carry, or undecided.
  function originalOf(p) {
    if (p.original !== null) return el("span", { class: "id" }, docs[p.original].id);
    if (p.common_source !== null) return el("span", { class: "siblings" }, "siblings: both carry " + p.common_source);
    if (p.common_original !== null) return el("span", { class: "siblings" }, "siblings: both carry " + docs[p.common_original].id);
    return el("span", { class: "unknown" }, "undecided");
  }

  // What each side of a pair is: original and copy when the direction is
  // known (the original is always a), two siblings of one source, or the
  // first and second of an undecided pair.
  function sideNames(p) {
    if (p.original !== null) return ["original", "copy"];
    if (p.common_source !== null || p.common_original !== null) return ["sibling", "sibling"];
    return ["first", "second"];
  }

  function credit(value) {
    if (value === true) return el("span", { class: "yes" }, "yes");
    if (value === false) return el("span", { class: "no" }, "no");
    return el("span", { class: "unknown" }, "unknown");
  }

  function matches(i) {
    if (!state.query) return true;
    const d = docs[i];
    return d.id.toLowerCase().includes(state.query) || (d.source || "").toLowerCase().includes(state.query);
  }

  function pager(nav, page, total, onPage) {
    nav.replaceChildren();
    const pages = Math.max(1, Math.ceil(total / PAGE));
    nav.append(
      el("button", { disabled: page === 0, onclick: () => onPage(page - 1) }, "previous"),
      el("span", {}, "page " + (page + 1) + " of " + pages),
      el("button", { disabled: page + 1 >= pages, onclick: () => onPage(page + 1) }, "next"),
    );
  }

  function pct(x) { return Math.round(x * 100) + "%"; }
  function counted(n, one, many) { return n + " " + (n === 1 ? one : many); }

  // A date as the data writes it (ISO 8601 at its precision: 2022,
  // 2022-04, 2022-04-05 or 2022-04-05T08:30) in milliseconds, each at the
  // start of what it names; null when absent.
  function dateValue(text) {
    const m = /^(\d{4})(?:-(\d\d)(?:-(\d\d)(?:T(\d\d):(\d\d))?)?)?$/.exec(text || "");
    if (!m) return null;
    const n = (x, otherwise) => x === undefined ? otherwise : Number(x);
    return Date.UTC(n(m[1]), n(m[2], 1) - 1, n(m[3], 1), n(m[4], 0), n(m[5], 0));
  }

  const TIMELINE_ROWS = 12;

  // Who published when, on one axis: the original marked, each copy
  // coloured by whether it credits the original. A wide family shows its
  // first rows (the original always among them) and counts the rest;
  // undated members have no place on the axis and are counted apart.
  function timeline(family, creditOf) {
    const dated = family.members
      .map((m) => ({ m, when: dateValue(docs[m].date) }))
      .filter((x) => x.when !== null)
      .sort((x, y) => x.when - y.when || x.m - y.m);
    if (dated.length < 2) return null;
    const first = dated[0].when;
    const span = dated[dated.length - 1].when - first;
    const at = (when) => span === 0 ? 50 : 100 * (when - first) / span;
    let shown = dated.slice(0, TIMELINE_ROWS);
    const original = dated.find((x) => x.m === family.original);
    if (original && !shown.includes(original)) shown = [...shown.slice(0, TIMELINE_ROWS - 1), original];
    const mark = (m) => {
      if (family.original === null) return ["member", "a member"];
      if (m === family.original) return ["original", "the original"];
      const credited = creditOf(m);
      if (credited === true) return ["credited", "credits the original"];
      if (credited === false) return ["uncredited", "does not credit the original"];
      return ["unknown", "credit not known"];
    };
    const rows = shown.map(({ m, when }) => {
      const [name, says] = mark(m);
      const who = docs[m].source || docs[m].id;
      return el("div", { class: "tl-row" },
        el("span", { class: "tl-label", title: docs[m].id }, who),
        el("span", { class: "tl-track" },
          el("span", { class: "tl-dot tl-" + name, style: "left: " + at(when).toFixed(2) + "%", title: who + ", " + docs[m].date + ": " + says })),
        el("span", { class: "tl-when" }, docs[m].date));
    });
    const left = [];
    if (dated.length > shown.length) left.push(counted(dated.length - shown.length, "more dated document", "more dated documents") + " not drawn");
    const undated = family.members.length - dated.length;
    if (undated) left.push(counted(undated, "undated document", "undated documents") + " not drawn");
    const legend = family.original === null
      ? [el("span", {}, el("span", { class: "tl-key tl-member" }), "member (no original known)")]
      : [["original", "original"], ["credited", "credits it"], ["uncredited", "does not credit it"], ["unknown", "not known"]]
        .map(([name, says]) => el("span", {}, el("span", { class: "tl-key tl-" + name }), says));
    return el("div", { class: "timeline", role: "img", "aria-label": "when each member published" },
      rows,
      el("div", { class: "tl-legend" }, legend, left.length ? el("span", {}, left.join("; ")) : null));
  }

  function renderFamilies() {
    const shown = families.filter((f) => f.members.some(matches));
    document.getElementById("families-count").textContent = "(" + shown.length + ")";
    const box = document.getElementById("families");
    box.replaceChildren();
    for (const family of shown.slice(state.familyPage * PAGE, (state.familyPage + 1) * PAGE)) {
      // The member's pair with the original, else its first pair in the family.
      const pairOf = (m) => {
        let pi = family.original !== null && m !== family.original ? pairIndex.get(key(m, family.original)) : undefined;
        if (pi === undefined) {
          for (const other of family.members) {
            if (other !== m && pairIndex.has(key(m, other))) { pi = pairIndex.get(key(m, other)); break; }
          }
        }
        return pi;
      };
      const creditOf = (m) => {
        const pi = family.original === null || m === family.original ? undefined : pairIndex.get(key(m, family.original));
        return pi === undefined ? null : pairs[pi].credited;
      };
      const rows = family.members.map((m) => {
        const d = docs[m];
        const pi = pairOf(m);
        const p = pi === undefined ? null : pairs[pi];
        const coverage = p ? pct(p.a === m ? p.coverage_a : p.coverage_b) : "";
        const credits = p && family.original !== null && m !== family.original ? credit(p.credited) : "";
        return el("tr", {},
          el("td", { "data-label": "document" }, docLabel(m)),
          el("td", { "data-label": "role", class: "role-" + d.role }, d.role),
          el("td", { "data-label": coverage ? "coverage" : null }, coverage),
          el("td", { "data-label": credits ? "credits the original" : null }, credits),
          el("td", {}, p ? el("button", { class: "view-link", onclick: () => openPair(pi, true) }, "view pair") : ""),
        );
      });
      const original = family.original === null ? el("span", { class: "unknown" }, "undecided") : docLabel(family.original);
      box.append(el("div", { class: "family" },
        el("h3", {}, "Family " + family.id + " · " + family.members.length + " documents · original: ", original),
        el("p", { class: "story" }, family.story),
        timeline(family, creditOf),
        el("div", { class: "scroll" }, el("table", { class: "members" },
          el("thead", {}, el("tr", {}, el("th", {}, "document"), el("th", {}, "role"), el("th", {}, "coverage"), el("th", {}, "credits the original"), el("th", {}, ""))),
          el("tbody", {}, rows)))));
    }
    pager(document.getElementById("families-pager"), state.familyPage, shown.length, (page) => { state.familyPage = page; renderFamilies(); });
  }

  function renderPairs() {
    const shown = [];
    pairs.forEach((p, i) => { if (matches(p.a) || matches(p.b)) shown.push(i); });
    document.getElementById("pairs-count").textContent = "(" + shown.length + ")";
    const body = document.querySelector("#pairs tbody");
    body.replaceChildren();
    for (const i of shown.slice(state.pairPage * PAGE, (state.pairPage + 1) * PAGE)) {
      const p = pairs[i];
      body.append(el("tr", { class: "openable", onclick: () => openPair(i, true) },
        el("td", { "data-label": "pair" }, i + 1),
        el("td", { "data-label": sideNames(p)[0] }, docLabel(p.a)),
        el("td", { "data-label": sideNames(p)[1] }, docLabel(p.b)),
        el("td", { "data-label": "kind" }, p.kind),
        el("td", { "data-label": "score" }, p.score.toFixed(2)),
        el("td", { "data-label": "original" }, originalOf(p)),
        el("td", { "data-label": "coverage" }, pct(p.coverage_a) + " / " + pct(p.coverage_b)),
        el("td", { "data-label": "copy credits" }, credit(p.credited)),
        el("td", { "data-label": "edits" }, p.edit_count)));
    }
    pager(document.getElementById("pairs-pager"), state.pairPage, shown.length, (page) => { state.pairPage = page; renderPairs(); });
  }

  // Cuts one side's text into stretches of one look, as the terminal view
  // does: removed regions, passages, edits, and markers where the other
  // side has text this side lacks.
  function segments(len, removed, p, side) {
    const passages = p.passages.map((x) => side === "a" ? [x[0], x[1]] : [x[2], x[3]]);
    const edits = p.edits.map((e, n) => side === "a" ? [e.span[0], e.span[1], e.kind, n] : [e.span[2], e.span[3], e.kind, n]);
    const cuts = new Set([0, len]);
    const clamp = (x) => Math.min(x, len);
    for (const r of removed) { cuts.add(clamp(r.begin)); cuts.add(clamp(r.end)); }
    for (const [b, e] of passages) { cuts.add(clamp(b)); cuts.add(clamp(e)); }
    for (const [b, e] of edits) { cuts.add(clamp(b)); cuts.add(clamp(e)); }
    const points = [...cuts].sort((x, y) => x - y);
    const passageAt = (x) => passages.findIndex(([b, e]) => b <= x && x < e);
    // A move holds other edits; they show inside its frame.
    const moveAt = (x) => {
      const move = edits.find(([b, e, kind]) => kind === "move" && b <= x && x < e);
      return move ? move[3] : -1;
    };
    const editAt = (x) => edits.find(([b, e, kind]) => kind !== "move" && b <= x && x < e)
      || edits.find(([b, e]) => b <= x && x < e);
    const markers = edits.filter(([b, e]) => b === e && b <= len).sort((x, y) => x[0] - y[0]);
    const out = [];
    let m = 0;
    for (let i = 0; i + 1 < points.length; i++) {
      const begin = points[i];
      const end = points[i + 1];
      while (m < markers.length && markers[m][0] <= begin) {
        out.push({ begin: markers[m][0], end: markers[m][0], marker: true, edit: markers[m][2], passage: passageAt(Math.max(0, markers[m][0] - 1)), move: moveAt(Math.max(0, markers[m][0] - 1)) });
        m++;
      }
      const region = removed.find((r) => r.begin <= begin && begin < r.end);
      const edit = editAt(begin);
      out.push({ begin, end, removed: region ? region.kind : null, passage: passageAt(begin), edit: edit ? edit[2] : null, move: region ? -1 : moveAt(begin) });
    }
    for (; m < markers.length; m++) out.push({ begin: markers[m][0], end: markers[m][0], marker: true, edit: markers[m][2], passage: -1, move: -1 });
    return out;
  }

  function renderSide(docIndex, p, side) {
    const d = docs[docIndex];
    const box = el("div", { class: "text", dir: "auto", "data-side": side });
    // Passages and edits ride only with pairs whose two texts are embedded.
    if (d.text === null || d.text === undefined || p.passages.length < p.passage_count) {
      box.append(el("em", {}, "This report embeds no view of this pair; use reprint show."));
      return box;
    }
    const chars = Array.from(d.text);
    let previousRemoved = null;
    // A moved stretch is framed once, however many passages and edits cut
    // it: its segments go into one block.
    let move = null;
    let moveIndex = -1;
    for (const s of segments(chars.length, d.removed, p, side)) {
      if (s.move >= 0) {
        if (s.move !== moveIndex) {
          move = el("span", { class: "move-block", title: "moved: the same text in another place" });
          moveIndex = s.move;
          box.append(move);
        }
      } else {
        move = null;
        moveIndex = -1;
      }
      const into = move || box;
      if (s.marker) {
        into.append(el("span", { class: "marker edit-" + s.edit, title: s.edit + ": the other side has text here" }, "‸"));
        continue;
      }
      const text = chars.slice(s.begin, s.end).join("");
      if (s.removed) {
        if (previousRemoved !== s.removed) into.append(el("span", { class: "removed-label" }, s.removed));
        into.append(el("span", { class: "removed removed-" + s.removed }, text));
        previousRemoved = s.removed;
        continue;
      }
      previousRemoved = null;
      const classes = s.edit && s.edit !== "move" ? "edit edit-" + s.edit + " side-" + side : "";
      if (s.passage >= 0) {
        into.append(el("mark", { class: ("passage " + classes).trim(), "data-p": s.passage, title: "passage " + (s.passage + 1) + (s.edit ? " · " + s.edit : "") }, text));
      } else if (classes) {
        into.append(el("span", { class: classes, title: s.edit }, text));
      } else {
        into.append(text);
      }
    }
    return box;
  }

  function openPair(i, scroll) {
    const p = pairs[i];
    const view = document.getElementById("pair-view");
    // replaceChildren writes a null as the text "null": a pair without
    // evidence gets an empty list instead.
    const evidence = el("ul", { class: "evidence" }, p.evidence.map((e) => el("li", {}, e)));
    const sideA = renderSide(p.a, p, "a");
    const sideB = renderSide(p.b, p, "b");
    const names = sideNames(p);
    view.replaceChildren(
      el("h2", {}, "Pair " + (i + 1) + ": " + p.kind + " (score " + p.score.toFixed(2) + ")"),
      p.story ? el("p", { class: "story" }, p.story) : "",
      el("p", {}, "original: ", originalOf(p),
        " · copy credits the original: ", credit(p.credited),
        " · coverage: " + names[0] + " " + pct(p.coverage_a) + ", " + names[1] + " " + pct(p.coverage_b),
        " · " + counted(p.passage_count, "passage", "passages") + ", " + counted(p.edit_count, "edit", "edits")),
      evidence,
      el("div", { class: "legend" },
        el("mark", { class: "passage" }, "reused passage"),
        el("span", { class: "edit-deletion" }, "deleted"),
        el("span", { class: "edit-insertion" }, "inserted"),
        el("span", { class: "edit-number" }, "number changed"),
        el("span", { class: "edit-typo" }, "case, punctuation, typo"),
        el("span", { class: "edit-move" }, "moved: the same text in another place"),
        el("span", { class: "removed" }, "removed: title, comments, boilerplate, dateline, credit")),
      el("div", { class: "sides" },
        el("div", { class: "side" }, el("h3", {}, names[0] + ": ", docLabel(p.a)), sideA),
        el("div", { class: "side" }, el("h3", {}, names[1] + ": ", docLabel(p.b)), sideB)));
    view.hidden = false;
    // A passage lights up on both sides together; a click brings its
    // counterpart into view.
    view.onmouseover = (event) => {
      const target = event.target.closest("[data-p]");
      view.querySelectorAll("mark.linked").forEach((m) => m.classList.remove("linked"));
      if (target) view.querySelectorAll('mark[data-p="' + target.dataset.p + '"]').forEach((m) => m.classList.add("linked"));
    };
    view.onclick = (event) => {
      const target = event.target.closest("[data-p]");
      if (!target) return;
      const other = target.closest(".text") === sideA ? sideB : sideA;
      const counterpart = other.querySelector('mark[data-p="' + target.dataset.p + '"]');
      if (counterpart) other.scrollTop = counterpart.offsetTop - other.offsetTop - 40;
    };
    if (scroll) {
      history.replaceState(null, "", "#pair-" + (i + 1));
      view.scrollIntoView({ behavior: "smooth" });
    }
  }

  document.getElementById("search").addEventListener("input", (event) => {
    state.query = event.target.value.trim().toLowerCase();
    state.familyPage = 0;
    state.pairPage = 0;
    renderFamilies();
    renderPairs();
  });

  renderFamilies();
  renderPairs();
  // An address that names a pair (report.html#pair-12) opens it and
  // scrolls to it, on load and whenever the address changes.
  function openAddressed() {
    const wanted = /^#pair-(\d+)$/.exec(location.hash);
    if (!wanted || !pairs[Number(wanted[1]) - 1]) return false;
    openPair(Number(wanted[1]) - 1, true);
    return true;
  }
  window.addEventListener("hashchange", openAddressed);
  if (!openAddressed() && pairs.length) openPair(0, false);
})();
