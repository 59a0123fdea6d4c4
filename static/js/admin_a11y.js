// Names for the admin widgets Django draws without one (axe-core: aria-input-field-name,
// label, aria-prohibited-attr): the autocomplete boxes (select2) of an empty field, with
// their search box, take the field's label; the filter boxes' icons are images. After the
// widgets are drawn: select2 on jQuery's "ready" (which can come after "load" when every
// file is cached), the filter boxes on "load"; this file is deferred, so it comes after
// both of their scripts.
function nameAdminWidgets(root) {
  for (const select of root.querySelectorAll("select.admin-autocomplete")) {
    const label = document.querySelector(`label[for="${select.id}"]`);
    const name = label ? label.textContent.replace(/:\s*$/, "").trim() : "";
    const box = select.nextElementSibling;
    if (!name || !box || !box.classList.contains("select2")) continue;
    for (const part of box.querySelectorAll(
      ".select2-selection, .select2-selection__rendered, .select2-search__field"
    )) {
      part.setAttribute("aria-label", name);
    }
  }
  for (const icon of root.querySelectorAll(".help-tooltip[aria-label]")) {
    icon.setAttribute("role", "img");
  }
}
window.addEventListener("load", () => nameAdminWidgets(document));
if (window.django && window.django.jQuery) window.django.jQuery(() => nameAdminWidgets(document));
document.addEventListener("formset:added", (event) => nameAdminWidgets(event.target));
