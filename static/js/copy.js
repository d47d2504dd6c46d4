// A button that copies a readonly field's text (the case number, DOC-5). Without a script the button stays hidden
// (in a [data-copy-control] wrapper: the design system's button class would override its own `hidden`)
// and the field's text can be selected and copied by hand; a copy the browser refuses leaves the text selected.
document.addEventListener("DOMContentLoaded", function () {
  Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!field) return;
    function say(text) {
      if (!status) return;
      status.textContent = "";
      // Emptied first, so the same words are announced again on a second press.
      window.setTimeout(function () { status.textContent = text; }, 50);
    }
    function selectAndCopy() {
      field.focus();
      field.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      say(copied ? button.dataset.copiedText : button.dataset.selectText);
    }
    field.addEventListener("focus", function () { field.select(); });
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () { say(button.dataset.copiedText); }, selectAndCopy);
      } else {
        selectAndCopy();
      }
    });
    var control = button.closest("[data-copy-control]") || button;
    control.hidden = false;
  });
});
