// The web appeal form on top of pages that work without JavaScript (SPEC §8):
// - fields shown only when relevant (AS-4), from the same conditions the server uses (data-show-when);
// - CPR look-up on leaving the field, CVR look-up and party search (AS-20, AS-23);
// - the law's areas in the area list (AS-30) and the deadlines as the dates are typed (AS-32, AS-33).
// Autosave (AS-3), and keeping what was typed when the session has run out, come from static/js/autosave.js,
// which the complaint filing flow shares.
(function () {
  "use strict";

  var STORE = "ankeskema";
  var autosave = window.PortalAutosave;
  if (!autosave) return;
  var post = autosave.post;
  var csrfToken = autosave.csrfToken;
  var formDataOf = autosave.formDataOf;
  var markDirty = autosave.markDirty;
  var sessionLost = autosave.sessionLost;

  // --- shown when relevant ----------------------------------------------------------------------------

  function valueOf(form, name) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    var value = "";
    Array.prototype.forEach.call(inputs, function (input) {
      if (input.closest("[hidden]")) return;
      if (input.type === "checkbox") {
        if (input.checked) value = "on";
      } else if (input.type === "radio") {
        if (input.checked) value = input.value;
      } else {
        value = input.value;
      }
    });
    return value;
  }

  function holds(form, conditions) {
    return conditions.every(function (condition) {
      return condition[1].indexOf(valueOf(form, condition[0])) !== -1;
    });
  }

  function updateShown(form) {
    var targets = form.querySelectorAll("[data-show-when]");
    // Conditions can depend on fields that are themselves conditional: repeat until nothing changes.
    for (var pass = 0; pass < 5; pass += 1) {
      var changed = false;
      Array.prototype.forEach.call(targets, function (element) {
        var rule = JSON.parse(element.getAttribute("data-show-when"));
        var shown = holds(form, rule.all || []) && (!(rule.any || []).length || rule.any.some(function (c) {
          return holds(form, c);
        }));
        if (shown === element.hidden) {
          element.hidden = !shown;
          changed = true;
        }
      });
      if (!changed) return;
    }
  }

  // --- field messages ---------------------------------------------------------------------------------

  function groupOf(input) {
    return input ? input.closest(".form-group") : null;
  }

  function setFieldError(input, message) {
    var group = groupOf(input);
    if (!group) return;
    var existing = group.querySelector("[data-script-error]");
    if (existing) existing.remove();
    Array.prototype.forEach.call(group.querySelectorAll(".form-error-message"), function (node) { node.remove(); });
    if (!message) {
      group.classList.remove("form-error");
      input.removeAttribute("aria-invalid");
      return;
    }
    var span = document.createElement("span");
    span.className = "form-error-message";
    span.id = input.id + "_error";
    span.setAttribute("data-script-error", "");
    span.textContent = message;
    input.parentNode.insertBefore(span, input);
    group.classList.add("form-error");
    input.setAttribute("aria-invalid", "true");
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (described.indexOf(span.id) === -1) described.push(span.id);
    input.setAttribute("aria-describedby", described.join(" "));
  }

  function say(form, who, text) {
    var node = form.querySelector('[data-lookup-message="' + who + '"]');
    if (node) node.textContent = text || "";
  }

  // --- page 2: registers ------------------------------------------------------------------------------

  function digits(value) {
    return (value || "").replace(/[\s\-‐]/g, "");
  }

  function lookupPerson(form, who) {
    var cpr = form.querySelector("#id_" + who + "_cpr");
    var name = form.querySelector("#id_" + who + "_name");
    if (!cpr || !name || cpr.closest("[hidden]")) return;
    if (!digits(cpr.value)) {
      setFieldError(cpr, "");
      return;
    }
    var data = new FormData();
    data.append("kind", "person");
    data.append("query", cpr.value);
    post(form.dataset.lookupUrl, data, csrfToken(form))
      .then(function (result) {
        var answer = result.body;
        var source = form.querySelector("#id_citizen_name_source");
        if (answer.status === "found") {
          var hit = answer.hits[0];
          setFieldError(cpr, "");
          name.value = hit.name;
          if (who === "citizen") {
            name.readOnly = true;
            if (source) source.value = "register";
            if (answer.child) {
              var yes = form.querySelector('input[name="is_child"][value="ja"]');
              if (yes && !yes.checked) yes.checked = true;
            }
          } else {
            var address = form.querySelector("#id_custody_address");
            if (address && !address.value) address.value = [hit.address, [hit.postcode, hit.city].join(" ")].join(", ");
          }
          say(form, who, "");
        } else if (answer.status === "unavailable") {
          setFieldError(cpr, "");
          if (who === "citizen") {
            name.readOnly = false;
            if (source) source.value = "typed";
          }
          say(form, who, answer.message);
        } else {
          setFieldError(cpr, answer.message);
          if (who === "citizen") {
            name.value = "";
            if (source) source.value = "";
          }
          say(form, who, "");
        }
        updateShown(form);
        markDirty(form);
      })
      .catch(function (error) { if (error.session) sessionLost(form); });
  }

  function lookupEmployer(form) {
    var cvr = form.querySelector("#id_employer_cvr");
    if (!cvr || !digits(cvr.value)) return;
    var data = new FormData();
    data.append("kind", "company");
    data.append("query", cvr.value);
    post(form.dataset.lookupUrl, data, csrfToken(form))
      .then(function (result) {
        var answer = result.body;
        if (answer.status === "found") {
          var hit = answer.hits[0];
          setFieldError(cvr, "");
          form.querySelector("#id_employer_name").value = hit.name;
          form.querySelector("#id_employer_address").value = hit.address;
          form.querySelector("#id_employer_postcode").value = hit.postcode;
          form.querySelector("#id_employer_city").value = hit.city;
          say(form, "employer", "");
        } else if (answer.status === "unavailable") {
          say(form, "employer", answer.message);
        } else {
          setFieldError(cvr, answer.message);
        }
        markDirty(form);
      })
      .catch(function (error) { if (error.session) sessionLost(form); });
  }

  function searchParty(form, row) {
    var query = row.querySelector("[data-party-search]");
    var list = row.querySelector("[data-party-hits]");
    var data = new FormData();
    data.append("kind", "search");
    data.append("query", query.value);
    post(form.dataset.lookupUrl, data, csrfToken(form))
      .then(function (result) {
        var answer = result.body;
        list.textContent = "";
        if (!answer.hits.length) {
          var none = document.createElement("p");
          none.className = "form-hint";
          none.textContent = answer.message;
          list.appendChild(none);
          return;
        }
        var intro = document.createElement("p");
        intro.className = "mb-2";
        intro.textContent = list.dataset.chooseText || "Vælg den rigtige:";
        list.appendChild(intro);
        var ul = document.createElement("ul");
        ul.className = "nobullet-list";
        answer.hits.forEach(function (hit) {
          var li = document.createElement("li");
          li.className = "mb-2";
          var button = document.createElement("button");
          button.type = "button";
          button.className = "button button-tertiary";
          button.textContent = (list.dataset.pickText || "Vælg") + " " + hit.name;
          button.addEventListener("click", function () {
            ["number", "name", "address", "postcode", "city"].forEach(function (key) {
              var input = row.querySelector('[data-fill="' + key + '"]');
              if (input) input.value = hit[key] || "";
            });
            list.textContent = "";
            var done = document.createElement("p");
            done.className = "form-hint";
            done.textContent = hit.name;
            list.appendChild(done);
            var name = row.querySelector('[data-fill="name"]');
            if (name) name.focus();
            markDirty(form);
          });
          li.appendChild(button);
          li.appendChild(document.createTextNode(" " + [hit.address, [hit.postcode, hit.city].join(" ")].join(", ")));
          ul.appendChild(li);
        });
        list.appendChild(ul);
      })
      .catch(function (error) { if (error.session) sessionLost(form); });
  }

  function setUpRegisters(form) {
    ["citizen", "custody"].forEach(function (who) {
      var cpr = form.querySelector("#id_" + who + "_cpr");
      if (!cpr) return;
      cpr.addEventListener("change", function () { lookupPerson(form, who); });
      var button = form.querySelector('[data-lookup-button="' + who + '"]');
      if (button) button.addEventListener("click", function (event) {
        event.preventDefault();
        lookupPerson(form, who);
      });
    });
    var employer = form.querySelector("#id_employer_cvr");
    if (employer) {
      employer.addEventListener("change", function () { lookupEmployer(form); });
      var button = form.querySelector('[data-lookup-button="employer"]');
      if (button) button.addEventListener("click", function (event) {
        event.preventDefault();
        lookupEmployer(form);
      });
    }
    var noCpr = form.querySelector("#id_no_cpr");
    var name = form.querySelector("#id_citizen_name");
    if (noCpr && name) {
      noCpr.addEventListener("change", function () {
        var source = form.querySelector("#id_citizen_name_source");
        name.readOnly = !noCpr.checked && !(source && source.value === "typed");
      });
    }
    Array.prototype.forEach.call(form.querySelectorAll("[data-party-row]"), function (row) {
      var button = row.querySelector("[data-party-search-button]");
      if (!button) return;
      button.addEventListener("click", function (event) {
        event.preventDefault();
        searchParty(form, row);
      });
      row.querySelector("[data-party-search]").addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();
          searchParty(form, row);
        }
      });
    });
  }

  // --- page 3: areas of the chosen law ----------------------------------------------------------------

  function setUpAreas(form) {
    var source = document.getElementById("law-catalogue");
    if (!source) return;
    var laws = JSON.parse(source.textContent);
    Array.prototype.forEach.call(form.querySelectorAll("[data-no-script]"), function (node) { node.hidden = true; });
    Array.prototype.forEach.call(form.querySelectorAll("[data-area-row]"), function (row) {
      var law = row.querySelector("[data-law-select]");
      var area = row.querySelector("[data-area-select]");
      law.addEventListener("change", function () {
        var chosen = laws.filter(function (l) { return l.id === law.value; })[0];
        var first = area.options[0] ? area.options[0].cloneNode(true) : null;
        area.textContent = "";
        if (first) {
          first.value = "";
          area.appendChild(first);
        }
        (chosen ? [chosen] : laws).forEach(function (l) {
          var parent = area;
          if (!chosen) {
            parent = document.createElement("optgroup");
            parent.label = l.name;
            area.appendChild(parent);
          }
          l.areas.forEach(function (a) {
            var option = document.createElement("option");
            option.value = a.id;
            option.textContent = a.name;
            parent.appendChild(option);
          });
        });
        area.value = "";
        updateShown(form);
      });
    });
  }

  // --- page 4: deadlines as guidance ------------------------------------------------------------------

  function guidanceNode(item, container) {
    var warning = item.level === "warning";
    var node = document.createElement("div");
    node.className = "alert alert--paragraph " + (warning ? "alert-warning" : "alert-info");
    node.setAttribute("data-guidance-key", item.key);
    if (container.dataset.icons) {
      var svgNS = "http://www.w3.org/2000/svg";
      var icon = document.createElementNS(svgNS, "svg");
      icon.setAttribute("class", "icon-svg alert-icon");
      icon.setAttribute("focusable", "false");
      icon.setAttribute("role", "img");
      icon.setAttribute("aria-label", (warning ? container.dataset.warningLabel : container.dataset.infoLabel) || "");
      var use = document.createElementNS(svgNS, "use");
      use.setAttribute("href", container.dataset.icons + (warning ? "#warning" : "#info"));
      icon.appendChild(use);
      node.appendChild(icon);
    }
    var body = document.createElement("div");
    body.className = "alert-body";
    var text = document.createElement("p");
    text.className = "alert-text";
    text.textContent = item.text;
    body.appendChild(text);
    node.appendChild(body);
    return node;
  }

  var guidanceTicket = 0;

  function refreshGuidance(form) {
    var deadline = form.querySelector('[data-guidance="deadline"]');
    var reassessment = form.querySelector('[data-guidance="reassessment"]');
    if (!deadline) return;
    // Answers can arrive out of order: only the one for the latest answers is shown.
    var ticket = (guidanceTicket += 1);
    post(form.dataset.deadlinesUrl, formDataOf(form), csrfToken(form))
      .then(function (result) {
        if (ticket !== guidanceTicket) return;
        deadline.textContent = "";
        if (reassessment) reassessment.textContent = "";
        result.body.guidance.forEach(function (item) {
          var target = item.key === "complaint_deadline" || item.key === "disagree" ? deadline : reassessment;
          if (target) target.appendChild(guidanceNode(item, target));
        });
      })
      .catch(function (error) { if (error.session) sessionLost(form); });
  }

  function setUpStartPage() {
    var choice = document.querySelector("[data-draft-choice]");
    if (!choice) return;
    var draft = choice.getAttribute("data-draft");
    if (autosave.pendingFor(STORE, draft).length) {
      var notice = choice.querySelector("[data-pending-notice]");
      if (notice) notice.classList.remove("d-none");
    }
    var startNew = choice.querySelector("[data-start-new]");
    if (startNew) startNew.addEventListener("submit", function () {
      autosave.pendingFor(STORE, draft).forEach(function (key) { window.localStorage.removeItem(key); });
    });
  }

  // --- start ------------------------------------------------------------------------------------------

  var form = document.querySelector("form[data-ankeskema-form]");
  setUpStartPage();
  if (!form) return;
  updateShown(form);
  form.addEventListener("change", function (event) {
    updateShown(form);
    if (form.querySelector("[data-guidance]") && event.target.name) refreshGuidance(form);
  });
  form.addEventListener("input", function () { updateShown(form); });
  setUpRegisters(form);
  setUpAreas(form);
})();
