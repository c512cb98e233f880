// Reports filter: picking a preset period or a pipeline applies it at once; typing dates switches to "custom".
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.report-filter");
  if (!form) return;
  form.querySelectorAll("input[name=period]").forEach(r => r.addEventListener("change", () => {
    if (r.value !== "custom") form.requestSubmit();
    form.querySelectorAll(".seg").forEach(s => s.classList.toggle("on", s.contains(r)));
  }));
  form.querySelector("select[name=pipelineId]")?.addEventListener("change", () => form.requestSubmit());
  form.querySelectorAll("input[type=date]").forEach(d => d.addEventListener("input", () => {
    const custom = form.querySelector("input[name=period][value=custom]");
    if (custom && !custom.checked) { custom.checked = true; custom.dispatchEvent(new Event("change")); }
  }));
});
