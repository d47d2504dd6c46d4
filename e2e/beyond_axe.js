(javascript) => {
  // Evaluated by e2e/browser.py on every page it checks; returns what is wrong that axe-core does not judge:
  // the error pattern and the focus order.
  const problems = [];
  const squash = (text) => (text || "").replace(/\s+/g, " ").trim();
  const name = (node) => (node.id ? `#${node.id}` : node.tagName.toLowerCase());
  const fields = "input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea";

  // A label's or legend's visible text, without the "(skal udfyldes)" read to screen readers and the "*".
  const visibleText = (node) => {
    const copy = node.cloneNode(true);
    copy.querySelectorAll(".sr-only").forEach((hidden) => hidden.remove());
    return squash(copy.textContent).replace(/\*$/, "").trim();
  };

  // The ids a field is described by: its own aria-describedby and those of the fieldsets around it.
  const describedBy = (node) => (node.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
  const description = (control) => {
    const ids = describedBy(control);
    for (let up = control.parentElement.closest("fieldset"); up; up = up.parentElement.closest("fieldset")) {
      ids.push(...describedBy(up));
    }
    const found = ids.map((id) => document.getElementById(id));
    return {
      ids,
      missing: ids.filter((id, index) => !found[index]),
      text: squash(found.filter(Boolean).map((node) => node.textContent).join(" ")),
    };
  };

  // A single checkbox's label is the whole sentence it confirms; its message may say what to tick in its own
  // words instead of repeating that sentence, when it is the message the checkbox itself is described by.
  const ownCheckboxMessage = (target, text) =>
    target.matches("[type=checkbox]") &&
    !target.closest("fieldset") &&
    squash(description(target).text.replace(/^(Fejl|Error):/, "")).includes(text);

  const summary = document.getElementById("error-summary");
  if (summary) {
    if (!/^(Fejl|Error):/.test(document.title)) {
      problems.push(`the title "${document.title}" does not begin "Fejl:"`);
    }
    if (javascript && document.activeElement !== summary) {
      problems.push(`the focus is on ${name(document.activeElement)}, not on the error summary`);
    }
    const links = [...summary.querySelectorAll("a")];
    const texts = links.map((link) => squash(link.textContent));
    if (!summary.querySelector("li")) problems.push("the error summary lists no error");
    links.forEach((link, index) => {
      const text = texts[index];
      const href = link.getAttribute("href") || "";
      const target = href.startsWith("#") ? document.getElementById(decodeURIComponent(href.slice(1))) : null;
      if (!target) {
        problems.push(`the summary link "${text}" leads to ${href || "nothing"}, which is not on the page`);
        return;
      }
      if (!target.matches(fields)) {
        problems.push(`the summary link "${text}" leads to ${name(target)}, not to a field`);
        return;
      }
      let label = target.id ? document.querySelector(`label[for="${CSS.escape(target.id)}"]`) : null;
      const group = target.matches("[type=radio], [type=checkbox]") ? target.closest("fieldset") : null;
      if (group) {
        if (group.querySelector(fields) !== target) {
          problems.push(`the summary link "${text}" leads to ${name(target)}, not to its group's first input`);
        }
        label = group.querySelector("legend");
      }
      const fieldName = label ? visibleText(label) : "";
      if (!fieldName) {
        problems.push(`the field ${name(target)} of the summary link "${text}" has no label`);
      } else if (!text.toLowerCase().includes(fieldName.toLowerCase()) && !ownCheckboxMessage(target, text)) {
        problems.push(`the summary link "${text}" does not name its field "${fieldName}"`);
      }
      if (texts.indexOf(text) !== index) problems.push(`the summary says "${text}" more than once`);
    });
  }

  const invalid = new Set(document.querySelectorAll("[aria-invalid=true]"));
  document.querySelectorAll(".form-group.form-error").forEach((group) => {
    group.querySelectorAll(fields).forEach((control) => invalid.add(control));
  });
  for (const control of invalid) {
    const { ids, missing, text } = description(control);
    if (!ids.length) {
      problems.push(`the invalid field ${name(control)} has no aria-describedby (on itself or its fieldset)`);
      continue;
    }
    if (missing.length) {
      problems.push(`the aria-describedby of ${name(control)} points at ${missing.join(", ")}, not on the page`);
    }
    const group = control.closest(".form-group.form-error");
    const errors = group ? [...group.querySelectorAll(".form-error-message")].map((e) => squash(e.textContent)) : [];
    for (const error of errors.filter(Boolean)) {
      if (!text.includes(error)) {
        problems.push(`the accessible description of ${name(control)} lacks its error "${error}"`);
      }
    }
    if (!text) problems.push(`the invalid field ${name(control)} has an empty accessible description`);
  }

  // The focus order is the order of the page: no positive tabindex, and no field or link drawn outside the page
  // (a checkbox without its DKFDS group was drawn at the top-left corner, so the focus seemed to jump there).
  document.querySelectorAll("[tabindex]").forEach((node) => {
    if (Number(node.getAttribute("tabindex")) > 0) problems.push(`${name(node)} has a positive tabindex`);
  });
  const focusable = "a[href], button, input:not([type=hidden]), select, textarea";
  document.querySelectorAll(focusable).forEach((node) => {
    if (node.matches(".skipnav") || node.closest("[hidden]") || !node.getClientRects().length) return;
    const box = node.getBoundingClientRect();
    if (box.left + window.scrollX < -1 || box.top + window.scrollY < -1) {
      problems.push(`${name(node)} is drawn outside the page (at ${Math.round(box.left)}, ${Math.round(box.top)})`);
    }
  });
  return problems;
}
