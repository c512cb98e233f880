// The deals board and the deal page: drag and drop through the same move API as every client, dialogs, hotkeys.
(() => {
  "use strict";
  const csrf = () => document.querySelector("meta[name='csrf-token']")?.content ?? "";
  const typing = () => /INPUT|TEXTAREA|SELECT/.test(document.activeElement?.tagName ?? "") || document.activeElement?.isContentEditable;
  const board = () => document.getElementById("board");

  // Selects that navigate (the pipeline picker) and dialogs opened by buttons or by the "n" key.
  document.addEventListener("change", (e) => {
    if (e.target.matches("[data-autosubmit]")) e.target.form.submit();
  });
  document.addEventListener("click", (e) => {
    const open = e.target.closest("[data-open-dialog]");
    if (open) { openDialog(open.dataset.openDialog); return; }
    const close = e.target.closest("[data-close-dialog]");
    if (close) { close.closest("dialog")?.close(); return; }
    // The whole card opens the deal, not only its title — but not the click that ends a drag, nor a text selection.
    const card = e.target.closest(".deal-card");
    if (card && !dragging && !e.target.closest("a, button, input, select") && !String(window.getSelection() || "")) {
      window.location.href = "/deals/" + card.dataset.id;
    }
  });
  let dragging = false;
  // A dialog whose form was refused opens again as it was, with the message by its field.
  document.querySelectorAll("dialog[data-open-on-load=yes]").forEach((d) => d.showModal());
  document.addEventListener("keydown", (e) => {
    if (e.key === "n" && !e.ctrlKey && !e.metaKey && !e.altKey && !typing() && !document.querySelector("dialog[open]")) {
      if (document.getElementById("new-deal")) { e.preventDefault(); openDialog("new-deal"); }
    }
  });
  function openDialog(id) {
    const d = document.getElementById(id);
    if (!d) return;
    d.showModal();
    d.querySelector("[autofocus], input:not([type=hidden]), select, textarea")?.focus();
  }

  // A short message in the corner; reuses the layout's toast area so all notices stack in one place.
  function toast(build, ok = false) {
    let host = document.getElementById("toasts");
    if (!host) { host = document.createElement("div"); host.className = "toasts"; document.body.append(host); }
    const t = document.createElement("div");
    t.className = "toast board-toast" + (ok ? " ok" : "");
    t.setAttribute("role", "alert");
    build(t);
    host.prepend(t);
    setTimeout(() => t.remove(), 9000);
    return t;
  }

  // ---- Drag and drop -------------------------------------------------------------------------------------------
  function initBoard() {
    if (typeof Sortable === "undefined") return;
    document.querySelectorAll("#board .cards").forEach((list) => {
      if (list.dataset.sortable) return;
      list.dataset.sortable = "1";
      Sortable.create(list, {
        group: "deals",
        sort: false,
        draggable: ".deal-card",
        filter: "button",
        preventOnFilter: false,
        // Mouse-driven dragging: the same in every browser, a clone follows the pointer, a click still opens the deal.
        forceFallback: true,
        fallbackOnBody: true,
        fallbackTolerance: 4,
        animation: 150,
        ghostClass: "sortable-ghost",
        chosenClass: "sortable-chosen",
        dragClass: "sortable-drag",
        onStart: () => { dragging = true; },
        onMove: (evt) => {
          document.querySelectorAll(".cards.drag-over").forEach((c) => c.classList.remove("drag-over"));
          evt.to.classList.add("drag-over");
        },
        onEnd: (evt) => {
          setTimeout(() => { dragging = false; }, 0);
          document.querySelectorAll(".cards.drag-over").forEach((c) => c.classList.remove("drag-over"));
          if (evt.from !== evt.to) move(evt);
        },
      });
    });
  }

  function putBack(evt) {
    const ref = evt.from.children[evt.oldIndex] ?? null;
    evt.from.insertBefore(evt.item, ref);
  }

  async function move(evt) {
    const card = evt.item;
    const b = board();
    const id = card.dataset.id;
    card.querySelector(".dc-missing")?.remove();
    // A move that hands the deal over says first to whom and by which rule.
    const stageId = Number(evt.to.dataset.stageId);
    const preview = await fetch(`/api/v1/deals/${id}/handoff?stageId=${stageId}`, { headers: { "Accept": "application/json" } }).catch(() => null);
    if (preview && preview.status === 200) {
      const plan = await preview.json();
      if (!plan.blocked && !(await confirmHandoff(plan.text))) { putBack(evt); return; }
    }
    card.classList.add("saving");
    let res;
    try {
      res = await fetch(`/api/v1/deals/${id}/move`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-TOKEN": csrf() },
        body: JSON.stringify({ stageId, version: Number(card.dataset.version) }),
      });
    } catch {
      res = null;
    }
    card.classList.remove("saving");
    if (res && res.ok) {
      await refreshCard(id, card);
      await refreshTotals();
      return;
    }
    const problem = res ? await res.json().catch(() => ({})) : {};
    if (res && res.status === 409) {
      await Promise.all([reloadColumn(evt.from.dataset.stageId), reloadColumn(evt.to.dataset.stageId)]);
      await refreshTotals();
      toast((t) => { t.textContent = b.dataset.msgConflict; });
      return;
    }
    putBack(evt);
    shake(card);
    if (res && res.status === 422 && Array.isArray(problem.missing)) {
      showMissing(card, id, problem.missing);
      return;
    }
    toast((t) => { t.textContent = problem.title || b.dataset.msgFailed; });
  }

  function confirmHandoff(text) {
    const d = document.getElementById("handoff-confirm");
    if (!d) return Promise.resolve(true);
    d.querySelector(".handoff-text").textContent = text;
    d.returnValue = "";
    d.showModal();
    return new Promise((resolve) => d.addEventListener("close", () => resolve(d.returnValue === "yes"), { once: true }));
  }

  // The deal page's stage path: a click that hands the deal over asks first (the «Далее» button says it beside itself).
  document.addEventListener("submit", async (e) => {
    const form = e.target.closest("form[data-handoff]");
    if (!form || form.dataset.confirmed) return;
    e.preventDefault();
    if (await confirmHandoff(form.dataset.handoff)) { form.dataset.confirmed = "yes"; form.requestSubmit(e.submitter); }
  });

  function shake(card) {
    card.classList.remove("shake");
    void card.offsetWidth;
    card.classList.add("shake");
  }

  // What blocked the move, on the card itself and in a toast, each with a link to fill it in on the deal page.
  function showMissing(card, id, missing) {
    const b = board();
    const box = document.createElement("div");
    box.className = "dc-missing";
    box.setAttribute("role", "alert");
    fillMissing(box, id, missing, b);
    card.append(box);
    toast((t) => fillMissing(t, id, missing, b));
  }

  function fillMissing(el, id, missing, b) {
    const title = document.createElement("b");
    title.textContent = b.dataset.msgMissing;
    const list = document.createElement("ul");
    for (const m of missing) {
      const li = document.createElement("li");
      li.textContent = m.message;
      list.append(li);
    }
    const link = document.createElement("a");
    link.href = `/deals/${id}#requirements`;
    link.textContent = b.dataset.msgFill;
    el.append(title, list, link);
  }

  async function refreshCard(id, card) {
    // Without the board's filters: a 404 here means the deal left this person's sight, i.e. it was handed over.
    const res = await fetch(`/deals?handler=Card&id=${id}`, { headers: { "HX-Request": "true" } });
    if (!res.ok) {
      // Handed to someone whose deals this person does not see: it leaves their board.
      card.remove();
      toast((t) => { t.textContent = board().dataset.msgHandedOff; }, true);
      return;
    }
    const holder = document.createElement("div");
    holder.innerHTML = (await res.text()).trim();
    const fresh = holder.firstElementChild;
    // The live stream may have placed this deal already: keep one card of it.
    board().querySelectorAll(`.deal-card[data-id='${id}']`).forEach((c) => { if (c !== card) c.remove(); });
    if (card.isConnected) card.replaceWith(fresh);
    // The server may have placed it elsewhere (winning lands a deal in the first post-sale column).
    const target = document.querySelector(`#board .cards[data-stage-id='${fresh.dataset.stageId}']`);
    if (target && !target.contains(fresh)) target.prepend(fresh);
    fresh.classList.add("moved");
  }

  async function reloadColumn(stageId) {
    const b = board();
    const list = b.querySelector(`.cards[data-stage-id='${stageId}']`);
    if (!list) return;
    const res = await fetch(`/deals?handler=Column&stageId=${stageId}&${b.dataset.filters}`, { headers: { "HX-Request": "true" } });
    if (!res.ok) return;
    list.innerHTML = await res.text();
    if (window.htmx) window.htmx.process(list);
  }

  async function refreshTotals() {
    const b = board();
    const res = await fetch(`/deals?handler=Totals&${b.dataset.filters}`, { headers: { "Accept": "application/json" } });
    if (!res.ok) return;
    const totals = await res.json();
    const line = b.querySelector(".board-total");
    if (line) line.textContent = totals.summary;
    for (const [stageId, t] of Object.entries(totals.stages)) {
      const col = b.querySelector(`.column[data-stage-id='${stageId}']`);
      if (!col) continue;
      col.querySelector(".col-count").textContent = t.count;
      col.querySelector(".col-sum").textContent = t.sum;
      const option = b.querySelector(`.stage-jump option[value='${stageId}']`);
      if (option) option.textContent = option.textContent.replace(/ · \d+$/, " · " + t.count);
    }
  }

  // ---- Live board ----------------------------------------------------------------------------------------------
  // The server says only "deal N changed, now at version V" (topic board:{pipelineId}); the card is read again under
  // this board's filters and the access rule, then put where it now belongs, or taken off when it no longer does.
  document.addEventListener("htmx:sseBeforeMessage", (e) => {
    if (e.target.id !== "live-topic") return;
    e.preventDefault();
    let signal;
    try { signal = JSON.parse(e.detail.data); } catch { return; }
    if (board() && Number.isInteger(signal.id)) liveUpdate(signal.id, signal.v);
  });

  async function liveUpdate(id, version) {
    const b = board();
    const current = b.querySelector(`.deal-card[data-id='${id}']`);
    if (current && Number(current.dataset.version) >= version) return; // this page made the change, or saw it already
    const res = await fetch(`/deals?handler=Card&id=${id}&${b.dataset.filters}`, { headers: { "HX-Request": "true" } });
    if (res.status === 404) {
      current?.remove();
    } else if (res.ok) {
      const holder = document.createElement("div");
      holder.innerHTML = (await res.text()).trim();
      const fresh = holder.firstElementChild;
      const again = b.querySelector(`.deal-card[data-id='${id}']`); // a newer answer may have landed meanwhile
      if (again && Number(again.dataset.version) >= Number(fresh.dataset.version)) return;
      const target = b.querySelector(`.cards[data-stage-id='${fresh.dataset.stageId}']`);
      again?.remove();
      if (!target) return; // a column this board does not show
      target.prepend(fresh);
      fresh.classList.add("moved");
    } else {
      return;
    }
    totalsSoon();
  }

  let totalsTimer = 0;
  function totalsSoon() {
    clearTimeout(totalsTimer);
    totalsTimer = setTimeout(refreshTotals, 150);
  }

  // ---- Folded columns and the phone's stage selector ------------------------------------------------------------
  const openKey = () => "otdel.board.open." + (board()?.dataset.pipelineId ?? "");
  function openedStages() {
    try { return new Set(JSON.parse(localStorage.getItem(openKey()) || "[]")); } catch { return new Set(); }
  }
  function rememberOpened(set) {
    try { localStorage.setItem(openKey(), JSON.stringify([...set])); } catch { /* private mode: not remembered */ }
  }
  function restoreFolds() {
    const opened = openedStages();
    document.querySelectorAll("#board .column[data-foldable]").forEach((col) => {
      if (opened.has(col.dataset.stageId)) setFolded(col, false);
    });
  }
  function setFolded(col, folded) {
    col.classList.toggle("collapsed", folded);
    col.querySelector(".col-fold")?.setAttribute("aria-expanded", folded ? "false" : "true");
  }
  document.addEventListener("click", (e) => {
    const col = e.target.closest("#board .column[data-foldable]");
    if (!col) return;
    const folded = col.classList.contains("collapsed");
    if (!folded && !e.target.closest(".col-fold")) return;
    const opened = openedStages();
    if (folded) opened.add(col.dataset.stageId); else opened.delete(col.dataset.stageId);
    rememberOpened(opened);
    setFolded(col, !folded);
  });
  document.addEventListener("change", (e) => {
    if (!e.target.matches(".stage-jump select")) return;
    document.querySelector(`#board .column[data-stage-id='${e.target.value}']`)?.scrollIntoView({ block: "nearest", inline: "start" });
  });

  document.addEventListener("DOMContentLoaded", restoreFolds);
  document.addEventListener("htmx:afterSettle", restoreFolds);
  if (document.readyState !== "loading") restoreFolds();

  document.addEventListener("DOMContentLoaded", initBoard);
  document.addEventListener("htmx:afterSettle", initBoard);
  if (document.readyState !== "loading") initBoard();

  // After an inline edit on the deal page every action form must carry the deal's new version.
  document.addEventListener("htmx:afterSwap", () => {
    const fields = document.getElementById("deal-fields");
    if (!fields) return;
    document.querySelectorAll("form input[name='version']").forEach((i) => { i.value = fields.dataset.version; });
  });

  // The new-deal dialog stays open while htmx swaps in the form with its messages.
  document.addEventListener("htmx:afterSwap", (e) => {
    if (e.target.id === "new-deal-form" || e.target.closest?.("#new-deal")) {
      document.querySelector("#new-deal .invalid")?.focus();
    }
  });
})();
