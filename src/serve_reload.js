/* signpost serve: reload when the site is rebuilt; show build problems over the page. */
(function () {
  "use strict";
  var overlay = null;
  function show(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "signpost-problems";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:1.5rem;" +
        "background:rgba(11,12,12,.94);color:#fff;font:16px/1.5 ui-monospace,monospace;white-space:pre-wrap;direction:ltr;text-align:left";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "signpost: the last edit broke the build; this is the last good version.\n\n" + text;
  }
  var events = new EventSource("/__signpost/events");
  events.addEventListener("reload", function () { window.location.reload(); });
  events.addEventListener("problem", function (event) { show(event.data); });
  events.addEventListener("ready", function () {
    if (overlay) { overlay.remove(); overlay = null; }
  });
}());
