// The practice form (add): "Código" follows the edition chosen, as long as it still holds
// the code suggested for the previous edition (a code typed by staff is left alone).
// Without JavaScript the first suggestion stays, and saving warns of a year that differs.
document.addEventListener("DOMContentLoaded", () => {
  const code = document.getElementById("id_code");
  const edition = document.getElementById("id_edition");
  if (!code || !edition || !code.dataset.suggestedCodes) return;
  const suggested = JSON.parse(code.dataset.suggestedCodes);
  let last = suggested[edition.value];
  edition.addEventListener("change", () => {
    const next = suggested[edition.value];
    if (next && (code.value === last || code.value === "")) code.value = next;
    last = next;
  });
});
