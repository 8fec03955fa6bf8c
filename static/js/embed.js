// Cosign's widget: <script src=".../static/js/embed.js" data-letter=".../letters/<slug>/embed/" async></script>
// inserts the widget in an iframe right after the script tag, and keeps the iframe as tall as
// its content (the widget reports its height with postMessage).
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var src = script.getAttribute("data-letter");
  if (!src) return;
  var origin = new URL(src, window.location.href).origin;
  var frame = document.createElement("iframe");
  frame.src = src;
  frame.title = script.getAttribute("data-title") || "Signatures on an open letter";
  frame.loading = "lazy";
  frame.setAttribute("width", "100%");
  frame.setAttribute("height", "230");
  frame.style.border = "0";
  frame.style.maxWidth = "480px";
  script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var height = event.data && event.data.cosignHeight;
    if (typeof height === "number" && height > 0 && height < 2000) {
      frame.setAttribute("height", String(Math.ceil(height)));
    }
  });
})();
