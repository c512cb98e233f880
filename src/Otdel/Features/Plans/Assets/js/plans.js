// Plans: the form shows the targets of the chosen level and the weight fields of the chosen target's sellers;
// the calendar's days fill the mark form. Everything works without this script too (the server checks it all).
(() => {
  "use strict";

  function planForm(root) {
    const form = root.querySelector("#plan-form");
    if (!form) return;
    const level = form.querySelector("[data-plan-level]");
    const target = form.querySelector("[data-plan-target]");
    const targetField = form.querySelector("[data-target-field]");
    const weights = form.querySelector("[data-weights]");

    function chosen() {
      const l = level ? level.value : null;
      const t = target && target.value ? target.value : null;
      return { l, t };
    }

    function syncTargets() {
      if (!level || !target) return;
      const l = level.value;
      if (targetField) targetField.hidden = l === "company";
      let firstVisible = null;
      for (const group of target.querySelectorAll("optgroup")) {
        const on = group.dataset.level === l;
        group.hidden = !on;
        group.disabled = !on;
        if (on && !firstVisible) firstVisible = group.querySelector("option");
      }
      const current = target.selectedOptions[0];
      if ((!current || current.dataset.level !== l) && firstVisible) target.value = firstVisible.value;
    }

    function syncWeights() {
      if (!weights) return;
      const distribution = form.querySelector("[data-plan-distribution]:checked");
      weights.hidden = !distribution || distribution.value !== "weights";
      const { l, t } = chosen();
      for (const row of weights.querySelectorAll("[data-seller]")) {
        // On the edit form there is no level select: the rows the server showed stay as they are.
        if (!level) continue;
        const inTarget = l === "company" || (l === "department" && row.dataset.department === t)
          || (l === "team" && row.dataset.team === t) || (l === "user" && row.dataset.user === t);
        row.hidden = !inTarget;
        row.querySelector("input").disabled = !inTarget;
      }
    }

    if (!form.dataset.wired) {
      form.dataset.wired = "1";
      form.addEventListener("change", e => {
        if (e.target === level) { syncTargets(); syncWeights(); }
        else if (e.target === target || e.target.matches("[data-plan-distribution]")) syncWeights();
      });
    }
    syncTargets();
    syncWeights();
  }

  function calendar() {
    const grid = document.getElementById("year-grid");
    const form = document.getElementById("mark");
    if (!grid || !form) return;
    const next = { working: "holiday", moved: "default", weekend: "working", holiday: "working", short: "default" };
    grid.addEventListener("click", e => {
      const day = e.target.closest("button.day");
      if (!day) return;
      for (const d of grid.querySelectorAll(".picked")) d.classList.remove("picked");
      day.classList.add("picked");
      const date = document.getElementById("Date");
      const kind = document.getElementById("Kind");
      if (date) date.value = day.dataset.date;
      if (kind && next[day.dataset.kind]) kind.value = next[day.dataset.kind];
      form.scrollIntoView({ behavior: "smooth", block: "nearest" });
      const reason = document.getElementById("MarkReason");
      if (reason) reason.focus({ preventScroll: true });
    });
  }

  function autosubmit() {
    for (const el of document.querySelectorAll("[data-autosubmit]"))
      el.addEventListener("change", () => el.form && el.form.requestSubmit());
    // After a save the page comes back at the top (a redirect, so F5 repeats nothing): show what was saved.
    const saved = document.querySelector("[data-scroll-here]");
    if (saved) saved.scrollIntoView({ block: "center" });
    const dep = document.querySelector("[data-department-switch]");
    if (dep) dep.addEventListener("change", () => { location.href = "/settings/calendar?departmentId=" + encodeURIComponent(dep.value) + "#department"; });
  }

  document.addEventListener("DOMContentLoaded", () => { planForm(document); calendar(); autosubmit(); });
  document.addEventListener("htmx:afterSettle", () => planForm(document));
})();
