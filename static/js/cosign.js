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

  // A campaign's tabs scroll sideways on a phone: bring the current one into view, and close
  // the "More" menu when the next click lands elsewhere.
  var tabs = document.querySelector(".tabs__primary");
  var current = tabs && tabs.querySelector("[aria-current=page]");
  function showCurrentTab() {
    if (tabs.scrollWidth > tabs.clientWidth) {
      tabs.scrollLeft = current.offsetLeft - (tabs.clientWidth - current.offsetWidth) / 2;
    }
  }
  if (current) {
    showCurrentTab();
    window.addEventListener("resize", showCurrentTab);
  }
  var more = document.querySelector(".tabs__more");
  if (more) {
    document.addEventListener("click", function (event) {
      if (more.open && !more.contains(event.target)) more.open = false;
    });
  }
})();

// As-you-type search of the directory of Congress on the signing form. Without JavaScript, the
// "Find" button submits the same search to the server.
(function () {
  "use strict";

  var form = document.querySelector("form[data-member-search]");
  if (!form) return;
  var url = form.getAttribute("data-member-search");
  var input = form.querySelector("#member-q");
  var results = form.querySelector("[data-member-results]");
  var findButton = form.querySelector("[data-find-button]");
  if (!input || !results) return;
  if (findButton) findButton.hidden = true;

  var timer = null;
  var latest = 0;

  function chosenId() {
    var checked = results.querySelector("input[name=legislator]:checked");
    return checked ? checked.value : "";
  }

  function render(data, keep) {
    results.textContent = "";
    var status = document.createElement("p");
    status.className = "member-results__count";
    status.setAttribute("role", "status");
    var members = data.results;
    if (keep && !members.some(function (m) { return m.id === keep.id; })) members = [keep].concat(members);
    if (!data.query) { results.appendChild(status); return; }
    status.textContent = members.length
      ? members.length + (members.length === 1 ? " Member found. Choose one:" : " Members found. Choose one:")
      : "No sitting Member matches \u201c" + data.query + "\u201d.";
    results.appendChild(status);
    if (!members.length) return;
    var list = document.createElement("ul");
    list.className = "member-list";
    members.forEach(function (member) {
      var item = document.createElement("li");
      var radio = document.createElement("input");
      radio.type = "radio";
      radio.name = "legislator";
      radio.value = member.id;
      radio.id = "member-" + member.id;
      radio.disabled = member.already_signed;
      radio.checked = keep && keep.id === member.id;
      var label = document.createElement("label");
      label.htmlFor = radio.id;
      label.appendChild(document.createTextNode(member.label + " "));
      var seat = document.createElement("span");
      seat.className = "muted";
      seat.textContent = member.seat;
      label.appendChild(seat);
      if (member.already_signed) {
        var tag = document.createElement("span");
        tag.className = "tag";
        tag.textContent = "already on the letter";
        label.appendChild(document.createTextNode(" "));
        label.appendChild(tag);
      }
      item.appendChild(radio);
      item.appendChild(label);
      list.appendChild(item);
    });
    results.appendChild(list);
  }

  function search() {
    var query = input.value.trim();
    var id = chosenId();
    var keep = null;
    if (id) {
      var label = results.querySelector("label[for='member-" + id + "']");
      keep = { id: id, label: label ? label.firstChild.textContent.trim() : id, seat: "", already_signed: false };
    }
    if (query.length < 2) { if (!keep) results.textContent = ""; return; }
    var ticket = ++latest;
    fetch(url + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) { if (ticket === latest) render(data, keep); })
      .catch(function () { if (findButton) findButton.hidden = false; });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 200);
  });
  // Enter in the search box searches rather than submitting the whole form.
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); window.clearTimeout(timer); search(); }
  });
})();

// "Copy" buttons for text meant to be pasted elsewhere (the press line).
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        button.textContent = "Copied";
        window.setTimeout(function () { button.textContent = "Copy the line"; }, 2000);
      });
    });
  });
})();

// The live count, on the letter page and in the widget: pushed by server-sent events, or
// polled from count.json where the stream is not available. The number counts up smoothly
// (unless the reader prefers reduced motion) and milestones are announced politely.
(function () {
  "use strict";
  var box = document.querySelector("[data-live-count]");
  if (!box) return;
  var valueEl = box.querySelector("[data-count-value]");
  var progress = box.querySelector("[data-count-progress]");
  var announcer = box.querySelector("[data-count-announcer]");
  var goal = parseInt(box.getAttribute("data-goal"), 10) || 0;
  var shown = parseInt(box.getAttribute("data-count"), 10) || 0;
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var milestones = [100, 1000, 10000, 100000];
  var format = new Intl.NumberFormat("en-US");
  var etag = null;
  var pollTimer = null;

  function announce(from, to) {
    if (!announcer || to <= from) return;
    var passed = milestones.filter(function (m) { return from < m && m <= to; });
    if (goal && from < goal && goal <= to) {
      announcer.textContent = "The letter has reached its goal of " + format.format(goal) + " signatures.";
    } else if (passed.length) {
      announcer.textContent = "Over " + format.format(passed[passed.length - 1]) + " signatures.";
    }
  }

  function show(count) {
    if (typeof count !== "number" || count === shown) return;
    var from = shown;
    shown = count;
    announce(from, count);
    if (progress) progress.value = Math.min(count, goal || count);
    box.querySelectorAll("[data-count-text]").forEach(function (el) { el.textContent = format.format(count); });
    box.setAttribute("data-count", String(count));
    if (reduceMotion || !window.requestAnimationFrame) {
      valueEl.textContent = format.format(count);
      return;
    }
    var start = null;
    var duration = 800;
    function step(now) {
      if (start === null) start = now;
      var t = Math.min((now - start) / duration, 1);
      var eased = 1 - Math.pow(1 - t, 3);
      valueEl.textContent = format.format(Math.round(from + (count - from) * eased));
      if (t < 1 && shown === count) window.requestAnimationFrame(step);
    }
    window.requestAnimationFrame(step);
  }

  function poll() {
    var headers = etag ? { "If-None-Match": etag } : {};
    fetch(box.getAttribute("data-json-url"), { headers: headers })
      .then(function (response) {
        if (response.status === 304) return null;
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (data) { if (data) show(data.count); })
      .catch(function () { /* try again at the next tick */ })
      .finally(function () { pollTimer = window.setTimeout(poll, 10000); });
  }

  function startPolling() {
    if (pollTimer === null) pollTimer = window.setTimeout(poll, 1000);
  }

  if (!window.EventSource) { startPolling(); return; }
  var failures = 0;
  var stream = new EventSource(box.getAttribute("data-stream-url"));
  stream.addEventListener("count", function (event) {
    failures = 0;
    show(JSON.parse(event.data).count);
  });
  stream.addEventListener("error", function () {
    // Closed for good (no stream here) or failing again and again: poll instead.
    failures += 1;
    if (stream.readyState === EventSource.CLOSED || failures > 3) {
      stream.close();
      startPolling();
    }
  });
})();

// Inside an iframe, the widget tells the page around it how tall it is.
(function () {
  "use strict";
  if (!document.body.hasAttribute("data-embed") || window.parent === window) return;
  function report() {
    window.parent.postMessage({ cosignHeight: document.documentElement.scrollHeight }, "*");
  }
  window.addEventListener("load", report);
  if (window.ResizeObserver) new ResizeObserver(report).observe(document.body);
})();

// The organizer's PDF page: follow a rendering's progress, then show the result.
(function () {
  "use strict";
  var box = document.querySelector("[data-document-progress]");
  if (!box) return;
  var bar = box.querySelector("[data-progress-bar]");
  var text = box.querySelector("[data-progress-text]");
  function check() {
    fetch(box.getAttribute("data-url"), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.status === "ready" || data.status === "failed") { window.location.reload(); return; }
        bar.value = data.percent;
        text.textContent = data.chunks_done + " of " + data.chunks_total + " parts of the signature pages done.";
        window.setTimeout(check, 1500);
      })
      .catch(function () { window.setTimeout(check, 5000); });
  }
  window.setTimeout(check, 1000);
})();

// The office tracker follows sign-ons and the team's changes without a reload: the tracker's
// stream says "changed" (pushed like the count), and the page fetches itself again and swaps
// in its live parts, keeping the ticked boxes. Where no stream is served, it polls.
(function () {
  "use strict";
  var announcer = document.querySelector("[data-tracker-stream]");
  if (!announcer || !window.fetch || !window.DOMParser) return;
  var fetching = false;
  var again = false;
  var pollTimer = null;

  function statuses(root) {
    var found = {};
    root.querySelectorAll("[data-row]").forEach(function (cell) {
      found[cell.getAttribute("data-row")] = cell;
    });
    return found;
  }

  function announceChanges(before) {
    var moved = [];
    Object.keys(before).forEach(function (row) {
      var now = document.querySelector('[data-row="' + row + '"]');
      if (now && now.className !== before[row].className) {
        var office = now.closest("tr").querySelector("strong");
        moved.push((office ? office.textContent + ": " : "") + now.textContent);
      }
    });
    if (moved.length) announcer.textContent = moved.join("; ");
  }

  function swap(fresh) {
    var before = {};
    var old = statuses(document);
    Object.keys(old).forEach(function (row) { before[row] = old[row].cloneNode(true); });
    var ticked = Array.prototype.map.call(
      document.querySelectorAll('input[name="ids"]:checked'), function (box) { return box.value; });
    var focused = document.activeElement;
    var focusKey = focused && focused.closest("[data-live]") ?
      (focused.getAttribute("href") || focused.getAttribute("value")) : null;
    // The table's rows if both pages have them; else the whole list (it came or went).
    var names = document.querySelector('[data-live="rows"]') && fresh.querySelector('[data-live="rows"]') ?
      ["totals", "rows"] : ["totals", "list"];
    names.forEach(function (name) {
      var here = document.querySelector('[data-live="' + name + '"]');
      var there = fresh.querySelector('[data-live="' + name + '"]');
      if (here && there) here.replaceWith(document.importNode(there, true));
    });
    ticked.forEach(function (value) {
      var box = document.querySelector('input[name="ids"][value="' + value + '"]');
      if (box) box.checked = true;
    });
    if (focusKey) {
      var same = document.querySelector('[data-live] [href="' + focusKey + '"], [data-live] [value="' + focusKey + '"]');
      if (same) same.focus();
    }
    announceChanges(before);
  }

  function refresh() {
    if (fetching) { again = true; return; }
    fetching = true;
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html) swap(new DOMParser().parseFromString(html, "text/html")); })
      .catch(function () { /* the next change, or the next poll, tries again */ })
      .then(function () {
        // A burst of changes costs one fetch a second, not one each.
        window.setTimeout(function () {
          fetching = false;
          if (again) { again = false; refresh(); }
        }, 1000);
      });
  }

  function startPolling() {
    if (pollTimer === null) pollTimer = window.setInterval(refresh, 10000);
  }

  if (!window.EventSource) { startPolling(); return; }
  var failures = 0;
  var stream = new EventSource(announcer.getAttribute("data-tracker-stream"));
  stream.addEventListener("changed", function () { failures = 0; refresh(); });
  stream.addEventListener("error", function () {
    failures += 1;
    if (stream.readyState === EventSource.CLOSED || failures > 3) {
      stream.close();
      startPolling();
    }
  });
})();
