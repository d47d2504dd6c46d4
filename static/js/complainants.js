// Filing step "Klagere": on leaving the CPR/CVR field the number is looked up in the register and the
// register's name is put in "Navn", so a mistyped number shows at once. Without this script the same
// look-up happens on "Tilføj klager" (the server's form does it).
(function () {
  "use strict";

  function digits(value) {
    return (value || "").replace(/[\s\-‐]/g, "");
  }

  function groupOf(input) {
    return input.closest(".form-group");
  }

  function setFieldError(input, message) {
    var group = groupOf(input);
    if (!group) return;
    Array.prototype.forEach.call(group.querySelectorAll(".form-error-message"), function (node) { node.remove(); });
    var id = input.id + "_error";
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (token) {
      return token && token !== id;
    });
    if (!message) {
      group.classList.remove("form-error");
      input.removeAttribute("aria-invalid");
    } else {
      var span = document.createElement("span");
      span.className = "form-error-message";
      span.id = id;
      span.textContent = message;
      input.parentNode.insertBefore(span, input);
      group.classList.add("form-error");
      input.setAttribute("aria-invalid", "true");
      described.push(id);
    }
    if (described.length) input.setAttribute("aria-describedby", described.join(" "));
    else input.removeAttribute("aria-describedby");
  }

  function kindOf(form, number) {
    var checked = form.querySelector('input[name="kind"]:checked');
    if (checked) return checked.value;
    return number.length === 8 ? "company" : "person";
  }

  function lookUp(form) {
    var number = form.querySelector("#id_number");
    var name = form.querySelector("#id_name");
    var message = form.querySelector("[data-lookup-message]");
    var typed = digits(number.value);
    if (!typed) {
      setFieldError(number, "");
      message.textContent = "";
      return;
    }
    var data = new FormData();
    data.append("kind", kindOf(form, typed));
    data.append("query", number.value);
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    fetch(form.dataset.lookupUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-CSRFToken": token ? token.value : "", Accept: "application/json", "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (response.type === "opaqueredirect" || type.indexOf("application/json") !== 0) return null;
        return response.json();
      })
      .then(function (answer) {
        if (!answer) return;  // the session ended or the look-ups are used up: the server looks up on "Tilføj"
        if (answer.status === "found" && answer.hits.length) {
          var found = answer.hits[0].name;
          var before = name.value.trim();
          setFieldError(number, "");
          name.value = found;
          message.textContent = before && before.toLowerCase() !== found.toLowerCase()
            ? form.dataset.foundDifferentText.replace("{found}", found).replace("{typed}", before)
            : form.dataset.foundText.replace("{found}", found);
        } else if (answer.status === "not_found" || answer.status === "invalid") {
          setFieldError(number, answer.message);
          message.textContent = "";
        } else {
          // The register did not answer, or too many look-ups: say so; the number itself may be right.
          setFieldError(number, "");
          message.textContent = answer.message || "";
        }
      })
      .catch(function () { /* no answer: the server looks the number up on "Tilføj klager" */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-complainant-form]");
    if (!form || !form.dataset.lookupUrl) return;
    var number = form.querySelector("#id_number");
    if (!number) return;
    number.addEventListener("change", function () { lookUp(form); });
    Array.prototype.forEach.call(form.querySelectorAll('input[name="kind"]'), function (radio) {
      radio.addEventListener("change", function () { if (digits(number.value)) lookUp(form); });
    });
  });
})();
