// Start the design system's components (menus, accordions) once the page has loaded.
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS) window.DKFDS.init();
  errorSummary(document.getElementById("error-summary"));
});

// A page with an error summary (templates/forms/error_summary.html) opens with the focus on it, so that a
// screen reader reads the errors first; a link in it moves the focus to its field and shows the field's label.
function errorSummary(summary) {
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) return;
    var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!target || typeof target.focus !== "function") return;
    event.preventDefault();
    var group = target.closest("fieldset") || target.closest(".form-group");
    var heading = group ? group.querySelector("legend, label") : null;
    (heading || target).scrollIntoView();
    target.focus({ preventScroll: true });
  });
}
