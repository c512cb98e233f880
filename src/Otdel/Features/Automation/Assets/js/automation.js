// Automation: the rule form shows only the fields the chosen trigger and each action's kind use (a position for a task
// or a notification only when it goes to a position). Without this script every field shows and the server ignores
// the ones a rule does not use.
(() => {
  "use strict";

  function uses(el, attr, value) {
    return !!value && el.getAttribute(attr).split(" ").includes(value);
  }

  function init() {
    // A form that removes something asks first (the rule list's «Удалить»).
    for (const f of document.querySelectorAll("form[data-confirm]"))
      f.addEventListener("submit", e => { if (!window.confirm(f.dataset.confirm)) e.preventDefault(); });
    const form = document.getElementById("rule-form");
    if (!form) return;
    const trigger = form.querySelector("#rule-trigger");
    const syncTrigger = () => {
      for (const el of form.querySelectorAll("[data-triggers]")) el.hidden = !uses(el, "data-triggers", trigger.value);
    };
    trigger.addEventListener("change", syncTrigger);
    syncTrigger();

    for (const row of form.querySelectorAll(".action-row")) {
      const kind = row.querySelector("select[name=actKind]");
      const to = row.querySelector("select[name=actTo]");
      const sync = () => {
        for (const el of row.querySelectorAll("[data-kinds]")) {
          let on = uses(el, "data-kinds", kind.value);
          if (on && el.hasAttribute("data-position") && kind.value !== "assign") on = to.value === "position";
          el.hidden = !on;
        }
      };
      kind.addEventListener("change", sync);
      to.addEventListener("change", sync);
      sync();
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
