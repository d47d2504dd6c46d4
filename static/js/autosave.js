// Autosave for every form that asks for it, in both channels (the web appeal form, AS-3, and the complaint
// filing flow): a form with an element carrying data-autosave-url (the form itself, or an element inside it).
//
// - What is typed is saved at least once a minute while typing (data-autosave-seconds), before going to
//   another step through the step indicator, before "Log af", and when the page is left some other way.
// - When the session has run out, what was typed is kept in this browser (localStorage), keyed by the draft
//   (data-autosave-store, data-draft, data-page), and saved to the draft after the next login; the page then
//   loads again and says so. Kept input goes once saved, and in any case after a week.
// - When the session's time runs out in the browser (static/js/session.js sends "portal:session-ending"),
//   what was typed since the last save is kept the same way.
//
// The server's answer is JSON ({saved, time}); anything else (a redirect to the login or the expiry page)
// means the session is gone. Other scripts use window.PortalAutosave (post, csrfToken, markDirty, ...).
(function () {
  "use strict";

  var MAX_KEEP_MS = 7 * 24 * 60 * 60 * 1000;
  var RESTORED_FLAG = "autosave:restored";

  function csrfToken(root) {
    var input = (root || document).querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function post(url, data, token) {
    return fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-CSRFToken": token, Accept: "application/json", "X-Requested-With": "fetch" },
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (response.type === "opaqueredirect" || type.indexOf("application/json") !== 0) {
        var error = new Error("session");
        error.session = true;
        throw error;
      }
      return response.json().then(function (body) {
        return { status: response.status, body: body };
      });
    });
  }

  // The form's fields as typed: without the pressed button and without files (those are uploaded, not saved).
  function formDataOf(form) {
    var data = new FormData(form);
    data.delete("action");
    var files = [];
    data.forEach(function (value, name) {
      if (typeof value !== "string") files.push(name);
    });
    files.forEach(function (name) { data.delete(name); });
    return data;
  }

  function configOf(form) {
    return form.hasAttribute("data-autosave-url") ? form : form.querySelector("[data-autosave-url]");
  }

  function storePrefix(store, draft) {
    return store + ":draft:" + draft + ":page:";
  }

  function storeKey(form) {
    var config = configOf(form).dataset;
    return storePrefix(config.autosaveStore || "autosave", config.draft) + config.page;
  }

  function forget(key) {
    try {
      window.localStorage.removeItem(key);
    } catch (e) {
      /* storage disabled: nothing was kept */
    }
  }

  function markDirty(form) {
    form.dataset.dirty = "1";
  }

  function status(text) {
    var node = document.querySelector("[data-autosave-status]");
    if (node && text) node.textContent = text;
  }

  function keepLocally(form) {
    var config = configOf(form).dataset;
    var fields = [];
    formDataOf(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") fields.push([name, value]);
    });
    try {
      window.localStorage.setItem(
        storeKey(form),
        JSON.stringify({ page: config.page, url: config.autosaveUrl, at: Date.now(), fields: fields })
      );
    } catch (e) {
      /* storage full or disabled: nothing more can be done */
    }
  }

  function sessionLost(form) {
    keepLocally(form);
    form.dataset.expired = "1";
    var notice = document.querySelector("[data-expired-notice]");
    if (notice) notice.classList.remove("d-none");
  }

  function save(form) {
    if (form.dataset.expired === "1" || form.dataset.stopped === "1") return Promise.resolve(false);
    var config = configOf(form).dataset;
    var data = formDataOf(form);
    data.append("page", config.page);
    data.append("draft", config.draft);
    form.dataset.dirty = "";
    return post(config.autosaveUrl, data, csrfToken(form))
      .then(function (result) {
        if (result.body.saved) {
          forget(storeKey(form));
          status((config.savedText || "Gemt kl.") + " " + result.body.time + ".");
          return true;
        }
        if (result.status === 409) form.dataset.stopped = "1";
        return false;
      })
      .catch(function (error) {
        if (error.session) sessionLost(form);
        else {
          markDirty(form);
          keepLocally(form);
        }
        return false;
      });
  }

  // Leaving the page some other way (a link, the browser's back button, closing the tab): the browser sends
  // the save on its own after the page is gone. Posting the form itself needs no save.
  function saveOnLeaving(form) {
    if (form.dataset.dirty !== "1" || form.dataset.submitting === "1" || form.dataset.expired === "1") return;
    var config = configOf(form).dataset;
    var data = formDataOf(form);
    data.append("page", config.page);
    data.append("draft", config.draft);
    var sent = false;
    try {
      sent = navigator.sendBeacon && navigator.sendBeacon(config.autosaveUrl, data);
    } catch (e) {
      sent = false;
    }
    if (sent) form.dataset.dirty = "";
    else keepLocally(form);
  }

  function setUpAutosave(form) {
    var seconds = Math.min(parseInt(configOf(form).dataset.autosaveSeconds || "30", 10) || 30, 60);
    ["input", "change"].forEach(function (name) {
      form.addEventListener(name, function () { markDirty(form); });
    });
    form.addEventListener("submit", function () { form.dataset.submitting = "1"; });
    window.addEventListener("pageshow", function () { form.dataset.submitting = ""; });
    window.setInterval(function () {
      if (form.dataset.dirty === "1") save(form);
    }, seconds * 1000);
    // Logging off keeps what was typed since the last save: the draft survives the logout (AS-3).
    Array.prototype.forEach.call(document.querySelectorAll('form[action$="/log-ud/"]'), function (logout) {
      logout.addEventListener("submit", function (event) {
        if (form.dataset.dirty !== "1") return;
        event.preventDefault();
        save(form).then(function () { logout.submit(); });
      });
    });
    // Moving to another page through the step indicator saves first (the buttons post the page anyway).
    Array.prototype.forEach.call(document.querySelectorAll("[data-step-link]"), function (link) {
      link.addEventListener("click", function (event) {
        if (form.dataset.dirty !== "1") return;
        event.preventDefault();
        save(form).then(function () { window.location.href = link.href; });
      });
    });
    window.addEventListener("pagehide", function () { saveOnLeaving(form); });
    // The session's time ran out in the browser: keep what was not saved yet, to be saved after the login.
    document.addEventListener("portal:session-ending", function () {
      if (form.dataset.dirty === "1") keepLocally(form);
      form.dataset.expired = "1";
    });
  }

  // --- restore after a new login ----------------------------------------------------------------------

  function pendingFor(store, draft) {
    var prefix = storePrefix(store, draft);
    var found = [];
    try {
      for (var i = 0; i < window.localStorage.length; i += 1) {
        var key = window.localStorage.key(i);
        if (key && key.indexOf(prefix) === 0) found.push(key);
      }
    } catch (e) {
      /* storage disabled: nothing was kept */
    }
    return found;
  }

  function restore(store, draft, url, token) {
    return pendingFor(store, draft).reduce(function (chain, key) {
      return chain.then(function (count) {
        var stored;
        try {
          stored = JSON.parse(window.localStorage.getItem(key));
        } catch (e) {
          window.localStorage.removeItem(key);
          return count;
        }
        var data = new FormData();
        (stored.fields || []).forEach(function (pair) { data.append(pair[0], pair[1]); });
        data.append("page", stored.page);
        data.append("draft", draft);
        return post(stored.url || url, data, token)
          .then(function (result) {
            if (result.body.saved || result.status === 409) window.localStorage.removeItem(key);
            return count + (result.body.saved ? 1 : 0);
          })
          .catch(function () { return count; });
      });
    }, Promise.resolve(0));
  }

  function setUpRestore(form) {
    var config = configOf(form).dataset;
    var store = config.autosaveStore || "autosave";
    var flag = store + ":" + config.draft;
    if (window.sessionStorage.getItem(RESTORED_FLAG) === flag) {
      window.sessionStorage.removeItem(RESTORED_FLAG);
      var notice = document.querySelector("[data-restored-notice]");
      if (notice) notice.classList.remove("d-none");
    }
    if (!pendingFor(store, config.draft).length) return;
    restore(store, config.draft, config.autosaveUrl, csrfToken(form)).then(function (count) {
      if (count) {
        window.sessionStorage.setItem(RESTORED_FLAG, flag);
        window.location.reload();
      }
    });
  }

  function prune() {
    // What a browser keeps for a draft is personal data: it goes once saved, and in any case after a week.
    var keys = [];
    for (var i = 0; i < window.localStorage.length; i += 1) keys.push(window.localStorage.key(i));
    keys.forEach(function (key) {
      if (!key || key.indexOf(":draft:") === -1 || key.indexOf(":page:") === -1) return;
      try {
        var stored = JSON.parse(window.localStorage.getItem(key));
        if (!stored || Date.now() - stored.at > MAX_KEEP_MS) window.localStorage.removeItem(key);
      } catch (e) {
        window.localStorage.removeItem(key);
      }
    });
  }

  window.PortalAutosave = {
    post: post,
    csrfToken: csrfToken,
    formDataOf: formDataOf,
    markDirty: markDirty,
    sessionLost: sessionLost,
    pendingFor: pendingFor,
  };

  try {
    prune();
  } catch (e) {
    /* storage disabled */
  }
  Array.prototype.forEach.call(document.querySelectorAll("form"), function (form) {
    if (!configOf(form)) return;
    setUpAutosave(form);
    setUpRestore(form);
  });
})();
