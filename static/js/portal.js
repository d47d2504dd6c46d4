// Start the design system's components (menus, accordions) once the page has loaded.
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS) window.DKFDS.init();
});
