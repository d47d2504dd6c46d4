// Progressive upload: each chosen or dropped file is sent on its own, with a progress bar and its own
// message. Without JavaScript the form posts all files at once and the page shows one message per file.
(function () {
  "use strict";
  function csrf(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function row(list, name) {
    var li = document.createElement("li");
    li.className = "mb-4";
    var label = document.createElement("span");
    label.textContent = name;
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", name);
    var message = document.createElement("span");
    message.className = "d-block";
    li.appendChild(label);
    li.appendChild(document.createElement("br"));
    li.appendChild(bar);
    li.appendChild(message);
    list.appendChild(li);
    return { bar: bar, message: message, li: li };
  }
  function send(form, file, list, done) {
    var ui = row(list, file.name);
    var data = new FormData();
    data.append("action", "upload");
    data.append("files", file, file.name);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.getAttribute("action") || window.location.pathname);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("X-CSRFToken", csrf(form));
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) ui.bar.value = Math.round((event.loaded / event.total) * 100);
    });
    xhr.addEventListener("load", function () {
      var result = null;
      try { result = JSON.parse(xhr.responseText).files[0]; } catch (e) { result = null; }
      if (result && result.ok) {
        ui.bar.value = 100;
        ui.message.textContent = result.message || form.dataset.okText || "Uploadet";
        ui.li.className += " upload-ok";
      } else {
        ui.message.textContent = result ? result.message : (form.dataset.errorText || "Filen kunne ikke uploades.");
        ui.li.className += " upload-error form-error-message";
      }
      done(result && result.ok);
    });
    xhr.addEventListener("error", function () {
      ui.message.textContent = form.dataset.errorText || "Filen kunne ikke uploades.";
      ui.li.className += " upload-error form-error-message";
      done(false);
    });
    xhr.send(data);
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
  // The page's list of documents is fetched again and put in place, so what was just uploaded shows at once;
  // if that fails, a link reloads the page.
  function refreshList(form, list) {
    var target = document.querySelector("[data-document-list]");
    if (!target || !window.fetch || !window.DOMParser) { refreshLink(form, list); return; }
    fetch(window.location.pathname, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-document-list]");
        if (!fresh) throw new Error("no list");
        target.innerHTML = fresh.innerHTML;
        var status = document.createElement("li");
        status.textContent = form.dataset.refreshedText || "Listen over dokumenter er opdateret.";
        list.appendChild(status);
      })
      .catch(function () { refreshLink(form, list); });
  }
  function uploadAll(form, files) {
    var list = form.querySelector("[data-progress]");
    var pending = files.length;
    var anyOk = false;
    Array.prototype.forEach.call(files, function (file) {
      send(form, file, list, function (ok) {
        anyOk = anyOk || ok;
        pending -= 1;
        if (pending === 0 && anyOk) refreshList(form, list);
      });
    });
  }
  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    var input = form.querySelector("input[type=file]");
    var zone = form.querySelector("[data-dropzone]");
    form.addEventListener("submit", function (event) {
      if (!input.files.length) return;
      event.preventDefault();
      uploadAll(form, input.files);
      input.value = "";
    });
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
