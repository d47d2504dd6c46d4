// The inactivity logout, announced (WCAG 2.2.1, AUTH-3), on every logged-in page of both channels.
// The page says how many seconds its session has left (data-remaining, from the server) and when to warn
// (data-warn seconds before). Typing in a form is activity: it is told to the server (data-keep-alive-url),
// at most a few times a minute. Before the logout a DKFDS modal says when it happens, with "Bliv logget ind"
// (the same keep-alive) and "Log af"; Escape also keeps the session. When the time has run out, what was
// typed is kept (static/js/autosave.js listens for "portal:session-ending") and the browser goes to the
// expiry page, which leads back here after the next login.
(function () {
  "use strict";

  var dialog = document.querySelector("[data-session-timeout]");
  if (!dialog) return;

  var timeout = parseInt(dialog.dataset.timeout, 10) || 1800;
  var warn = parseInt(dialog.dataset.warn, 10) || 120;
  var deadline = Date.now() + (parseInt(dialog.dataset.remaining, 10) || timeout) * 1000;
  var pingEvery = Math.max(Math.min(Math.floor(timeout / 4), 60), 1) * 1000;
  var lastPing = Date.now();
  var shown = false;
  var ended = false;
  var returnFocus = null;
  var modal = window.DKFDS && window.DKFDS.Modal ? new window.DKFDS.Modal(dialog) : null;
  var countdown = dialog.querySelector("[data-session-countdown]");

  function csrfToken() {
    var input = dialog.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function text(secondsLeft) {
    if (secondsLeft > 90) {
      return dialog.dataset.textMinutes.replace("{n}", String(Math.round(secondsLeft / 60)));
    }
    if (secondsLeft > 59) return dialog.dataset.textMinute;
    return dialog.dataset.textSeconds.replace("{n}", String(Math.max(secondsLeft, 0)));
  }

  function show() {
    shown = true;
    returnFocus = document.activeElement;
    countdown.textContent = text(Math.ceil((deadline - Date.now()) / 1000));
    if (modal) modal.show();
    else dialog.setAttribute("aria-hidden", "false");
    // DKFDS puts the focus on the heading of a dialog without a close button; the first choice is nearer.
    var stay = dialog.querySelector("[data-session-stay]");
    if (stay) stay.focus();
  }

  function hide() {
    shown = false;
    if (modal) modal.hide();
    else dialog.setAttribute("aria-hidden", "true");
    if (returnFocus && document.contains(returnFocus) && returnFocus.focus) returnFocus.focus();
    returnFocus = null;
  }

  function end() {
    if (ended) return;
    ended = true;
    document.dispatchEvent(new CustomEvent("portal:session-ending"));
    window.location.assign(dialog.dataset.expiredUrl);
  }

  function keepAlive() {
    lastPing = Date.now();
    return fetch(dialog.dataset.keepAliveUrl, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json", "X-Requested-With": "fetch" },
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (response.type === "opaqueredirect" || type.indexOf("application/json") !== 0) {
        // The server ended the session already (or another window logged out).
        end();
        return false;
      }
      return response.json().then(function (body) {
        deadline = Date.now() + (parseInt(body.remaining, 10) || timeout) * 1000;
        return true;
      });
    });
  }

  function stay() {
    keepAlive()
      .then(function (kept) { if (kept) hide(); })
      .catch(function () { /* no answer: the dialog stays, and the person can try again */ });
  }

  function tick() {
    if (ended) return;
    var left = Math.ceil((deadline - Date.now()) / 1000);
    // A second after the server's own limit, so that the expiry page finds the session ended.
    if (left <= -1) {
      end();
      return;
    }
    if (left <= warn && !shown) show();
    if (shown) countdown.textContent = text(left);
  }

  function typed() {
    if (shown || ended || Date.now() - lastPing < pingEvery) return;
    keepAlive().catch(function () { /* tried again on the next key */ });
  }

  var stayButton = dialog.querySelector("[data-session-stay]");
  if (stayButton) stayButton.addEventListener("click", stay);
  dialog.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") {
      event.preventDefault();
      stay();
    }
  });
  Array.prototype.forEach.call(document.querySelectorAll("form"), function (form) {
    if (dialog.contains(form)) return;
    form.addEventListener("input", typed);
    form.addEventListener("change", typed);
  });
  window.setInterval(tick, 1000);
})();
