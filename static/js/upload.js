// Progressive upload: each chosen or dropped file is sent on its own, with a progress bar and its own
// message. Without JavaScript the form posts all files at once and the page shows one message per file.
// Files chosen but not yet uploaded are never dropped: any other form on the page (the step's "Næste", a
// "Fjern") first uploads them and goes on only if every one was accepted; otherwise the field says why.
(function () {
  "use strict";
  var busy = false;
  function csrf(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function row(list, name) {
    var li = document.createElement("li");
    li.className = "mb-4";
    var label = document.createElement("span");
    label.textContent = name;
    var br = document.createElement("br");
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", name);
    var message = document.createElement("span");
    message.className = "d-block";
    li.appendChild(label);
    li.appendChild(br);
    li.appendChild(bar);
    li.appendChild(message);
    list.appendChild(li);
    return { bar: bar, br: br, message: message, li: li };
  }
  // A refused file is shown in the design system's error state with the reason: no bar (nothing was kept),
  // the error border and an error message that begins "Fejl:" for a screen reader.
  function failed(form, ui, reason) {
    [ui.bar, ui.br].forEach(function (node) { if (node.parentNode) node.parentNode.removeChild(node); });
    ui.li.className = "form-group form-error upload-error mt-0 mb-4";
    ui.message.className = "form-error-message";
    ui.message.textContent = "";
    var prefix = document.createElement("span");
    prefix.className = "sr-only";
    prefix.textContent = (form.dataset.failedText || "Fejl") + ": ";
    ui.message.appendChild(prefix);
    ui.message.appendChild(document.createTextNode(reason));
  }
  // The form's own fields sent with each file (the categories a first instance chooses, FI-3): those inside the
  // form, checked where they are checkboxes or radios; not the file field, the buttons or the token (a header).
  function fields(form) {
    return Array.prototype.filter.call(form.querySelectorAll("input[name], select[name], textarea[name]"), function (field) {
      if (field.disabled || field.name === "csrfmiddlewaretoken" || field.name === "action") return false;
      if (field.type === "file" || field.type === "submit" || field.type === "button") return false;
      if (field.type === "checkbox" || field.type === "radio") return field.checked;
      return true;
    });
  }
  function send(form, file, list, done) {
    var ui = row(list, file.name);
    var data = new FormData();
    data.append("action", "upload");
    data.append("files", file, file.name);
    fields(form).forEach(function (field) { data.append(field.name, field.value); });
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.getAttribute("action") || window.location.pathname);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("X-CSRFToken", csrf(form));
    xhr.upload.addEventListener("progress", function (event) {
      // The last part waits for the server's checks: full only when the file is accepted.
      if (event.lengthComputable) ui.bar.value = Math.min(95, Math.round((event.loaded / event.total) * 100));
    });
    xhr.addEventListener("load", function () {
      var result = null;
      try { result = JSON.parse(xhr.responseText).files[0]; } catch (e) { result = null; }
      if (result && result.ok) {
        ui.bar.value = 100;
        ui.message.textContent = result.message || form.dataset.okText || "Uploadet";
        ui.li.className += " upload-ok";
      } else {
        failed(form, ui, result ? result.message : (form.dataset.errorText || "Filen kunne ikke uploades."));
      }
      done(Boolean(result && result.ok));
    });
    xhr.addEventListener("error", function () {
      failed(form, ui, form.dataset.errorText || "Filen kunne ikke uploades.");
      done(false);
    });
    xhr.send(data);
  }
  function note(list, text) {
    var item = document.createElement("li");
    item.textContent = text;
    list.appendChild(item);
    return item;
  }
  function refreshLink(form, list) {
    // In a list item of its own: a list holds only items (WCAG 1.3.1).
    var item = document.createElement("li");
    var reload = document.createElement("a");
    reload.href = window.location.pathname;
    reload.className = "button button-secondary mt-4";
    reload.textContent = form.dataset.refreshText || "Opdatér listen over dokumenter";
    item.appendChild(reload);
    list.appendChild(item);
  }
  // What the page shows about its files (the list, and where there is one the checklist's state, the warning
  // and the total) is fetched again from the server and put in place, so what was just uploaded shows at once:
  // every [data-upload-refresh] element by its id, and the page's [data-document-list]. If that fails, a link
  // reloads the page.
  function refreshList(form, list) {
    var targets = Array.prototype.slice.call(document.querySelectorAll("[data-upload-refresh][id], [data-document-list]"));
    if (!targets.length || !window.fetch || !window.DOMParser) { refreshLink(form, list); return; }
    fetch(window.location.pathname, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var found = targets.map(function (target) {
          var match = target.hasAttribute("data-upload-refresh") ? fresh.getElementById(target.id)
            : fresh.querySelector("[data-document-list]");
          if (!match) throw new Error("not on the page");
          return match;
        });
        targets.forEach(function (target, index) { target.innerHTML = found[index].innerHTML; });
        note(list, form.dataset.refreshedText || "Listen over dokumenter er opdateret.");
      })
      .catch(function () { refreshLink(form, list); });
  }
  // Sends the files one by one; `done(allAccepted)` when every answer is in.
  function uploadAll(form, files, done) {
    var list = form.querySelector("[data-progress]");
    var pending = files.length;
    var anyOk = false;
    var allOk = true;
    Array.prototype.forEach.call(files, function (file) {
      send(form, file, list, function (ok) {
        anyOk = anyOk || ok;
        allOk = allOk && ok;
        pending -= 1;
        if (pending !== 0) return;
        if (anyOk) refreshList(form, list);
        if (done) done(allOk);
      });
    });
  }
  function chosen(form) {
    var input = form.querySelector("input[type=file]");
    var files = Array.prototype.slice.call(input.files || []);
    input.value = "";
    return files;
  }
  // The field's own error state (DKFDS), with the message in its accessible description; `text` empty clears it.
  function fieldError(form, text) {
    var group = form.querySelector("[data-upload-group]");
    var input = form.querySelector("input[type=file]");
    var id = input.id + "-error";
    var message = document.getElementById(id);
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (part) {
      return part && part !== id;
    });
    if (!text) {
      group.classList.remove("form-error");
      if (message) message.parentNode.removeChild(message);
      input.removeAttribute("aria-invalid");
      input.setAttribute("aria-describedby", described.join(" "));
      return;
    }
    if (!message) {
      message = document.createElement("span");
      message.id = id;
      group.insertBefore(message, group.querySelector("[data-dropzone]"));
    }
    message.className = "form-error-message";
    message.textContent = "";
    var prefix = document.createElement("span");
    prefix.className = "sr-only";
    prefix.textContent = (form.dataset.failedText || "Fejl") + ": ";
    message.appendChild(prefix);
    message.appendChild(document.createTextNode(text));
    group.classList.add("form-error");
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", described.concat([id]).join(" "));
  }
  function resubmit(form, submitter) {
    if (form.requestSubmit) {
      if (submitter) form.requestSubmit(submitter); else form.requestSubmit();
      return;
    }
    if (submitter && submitter.name) {
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = submitter.name;
      hidden.value = submitter.value;
      form.appendChild(hidden);
    }
    form.submit();
  }
  var uploadForms = Array.prototype.slice.call(document.querySelectorAll("form[data-upload]"));
  if (!uploadForms.length) return;
  // In the capture phase, before the page's own handlers of the form (they run when it is submitted again).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter || null;
    if (busy) { event.preventDefault(); event.stopPropagation(); return; }
    if (form.hasAttribute("data-upload") && (!submitter || submitter.hasAttribute("data-upload-button"))) {
      var files = chosen(form);
      if (!files.length) return; // the server answers "Vælg en eller flere filer."
      event.preventDefault();
      fieldError(form, "");
      uploadAll(form, files);
      return;
    }
    if (!form.closest("main")) return; // "Log af" and the like leave the page's files alone
    var waiting = uploadForms.filter(function (candidate) {
      return candidate.querySelector("input[type=file]").files.length > 0;
    });
    if (!waiting.length) return;
    event.preventDefault();
    event.stopPropagation();
    busy = true;
    var remaining = waiting.length;
    var stopped = [];
    waiting.forEach(function (uploadForm) {
      var status = note(uploadForm.querySelector("[data-progress]"), uploadForm.dataset.uploadingText || "");
      fieldError(uploadForm, "");
      uploadAll(uploadForm, chosen(uploadForm), function (allOk) {
        status.parentNode.removeChild(status);
        if (!allOk) {
          stopped.push(uploadForm);
          fieldError(uploadForm, uploadForm.dataset.stoppedText || "");
        }
        remaining -= 1;
        if (remaining !== 0) return;
        busy = false;
        if (!stopped.length) { resubmit(form, submitter); return; }
        stopped[0].querySelector("input[type=file]").focus();
      });
    });
  }, true);
  uploadForms.forEach(function (form) {
    var zone = form.querySelector("[data-dropzone]");
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("is-dragover"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("is-dragover"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) uploadAll(form, event.dataTransfer.files);
    });
  });
})();
