// Progressive enhancement of the filters: apply a checkbox as soon as it changes.
// Without JavaScript the "Aplicar filtros" button does the same. On a wide screen the
// filters' disclosure is open (list.css shows it open where ::details-content is known).
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".filters-toggle");
  const wide = window.matchMedia("(min-width: 50.01rem)");
  if (toggle) {
    const follow = () => { if (wide.matches) toggle.open = true; };
    follow();
    wide.addEventListener("change", follow);
  }
  const form = document.querySelector("form[data-autosubmit]");
  if (!form) return;
  form.addEventListener("change", (event) => {
    if (event.target.matches("input[type=checkbox]")) form.requestSubmit();
  });
});
