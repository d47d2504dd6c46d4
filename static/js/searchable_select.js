// A long list to choose from (the 98 municipalities and the other authorities) becomes a text field with
// suggestions (a datalist): type part of the name, pick it. The select stays in the form, hidden, and carries the
// choice; the new field takes over its id, so the label, the error summary's link and the hint point to it.
// Without this script: the select.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-searchable]").forEach(function (select) {
    var input = document.createElement("input");
    var list = document.createElement("datalist");
    var id = select.id;
    select.id = id + "_select";
    input.id = id;
    input.type = "text";
    input.className = "form-input input-width-l";
    input.autocomplete = "off";
    input.setAttribute("list", id + "_list");
    list.id = id + "_list";
    ["aria-describedby", "aria-invalid", "required"].forEach(function (name) {
      if (select.hasAttribute(name)) input.setAttribute(name, select.getAttribute(name));
    });
    var byName = {};
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.value) return;
      var item = document.createElement("option");
      item.value = option.text;
      list.appendChild(item);
      byName[option.text.toLocaleLowerCase("da")] = option.value;
    });
    if (select.value) input.value = select.options[select.selectedIndex].text;
    function choose() {
      var value = byName[input.value.trim().toLocaleLowerCase("da")];
      select.value = value || "";
    }
    input.addEventListener("input", choose);
    input.addEventListener("change", choose);
    select.hidden = true;
    select.tabIndex = -1;
    select.parentNode.insertBefore(input, select);
    select.parentNode.insertBefore(list, select);
  });
});
