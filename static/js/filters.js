// Progressive enhancement of the filters: apply a checkbox as soon as it changes.
// Without JavaScript the "Aplicar filtros" button does the same.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-autosubmit]");
  if (!form) return;
  form.addEventListener("change", (event) => {
    if (event.target.matches("input[type=checkbox]")) form.requestSubmit();
  });
});
