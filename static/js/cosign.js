// Cosign's progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // Ask before destructive or irreversible POSTs.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // Live preview of the letter's Markdown, rendered and sanitized by the server, so the
  // preview is exactly what will be published.
  function setUpPreview(form) {
    var url = form.getAttribute("data-preview-url");
    var source = form.querySelector("textarea[name=markdown]");
    var target = form.querySelector("[data-preview-target]");
    var button = form.querySelector("[data-preview-button]");
    if (!url || !source || !target) return;
    if (button) button.hidden = true;
    var timer = null;
    var latest = 0;
    function refresh() {
      var body = new URLSearchParams();
      body.set("markdown", source.value);
      var ticket = ++latest;
      fetch(url, {
        method: "POST",
        headers: { "X-CSRFToken": csrfToken(form), "Content-Type": "application/x-www-form-urlencoded" },
        body: body.toString(),
        credentials: "same-origin",
      })
        .then(function (response) { return response.text(); })
        .then(function (html) { if (ticket === latest) target.innerHTML = html; })
        .catch(function () { /* keep the last preview; the Preview button still works */ });
    }
    source.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 300);
    });
  }

  document.querySelectorAll("form[data-preview-url]").forEach(setUpPreview);
})();
