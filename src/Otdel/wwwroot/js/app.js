// Small behaviours shared by every page: keyboard shortcuts and toasts that fade.
document.addEventListener("keydown", (e) => {
  const typing = /INPUT|TEXTAREA|SELECT/.test(document.activeElement?.tagName ?? "") || document.activeElement?.isContentEditable;
  const plain = !e.ctrlKey && !e.metaKey && !e.altKey;
  if (e.key === "/" && !typing && plain) {
    const search = document.querySelector("[data-hotkey='/']");
    if (search) { e.preventDefault(); search.focus(); }
  }
  // "?" lists the shortcuts (see _Shortcuts.cshtml); not over another dialog, and not while typing a question mark.
  if (e.key === "?" && !typing && plain && !document.querySelector("dialog[open]")) {
    const help = document.getElementById("shortcuts");
    if (help) { e.preventDefault(); help.showModal(); }
  }
  if (e.key === "Escape") document.querySelectorAll("dialog[open]").forEach((d) => d.close());
});

document.addEventListener("htmx:afterSwap", (e) => {
  if (e.target.id === "toasts") {
    const toast = e.target.firstElementChild;
    if (toast) setTimeout(() => toast.remove(), 8000);
  }
});

// A stage's condition row shows only the inputs its kind needs (see settings.css).
document.addEventListener("change", (e) => {
  const kind = e.target.closest?.(".cond-kind");
  if (kind) kind.closest(".cond-row").dataset.kind = kind.value;
});

// A page answering a refused form post names its own address (data-replace-url): the address bar shows that, so reloading
// reads the page again instead of repeating the post.
document.querySelectorAll("[data-replace-url]").forEach(el => history.replaceState(null, "", el.getAttribute("data-replace-url")));

// The page's live stream is open (tests and the board wait for this state instead of for time).
document.addEventListener("htmx:sseOpen", () => { document.body.dataset.live = "on"; });
document.addEventListener("htmx:sseError", () => { delete document.body.dataset.live; });
