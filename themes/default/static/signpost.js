/* signpost: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  /* Quick exit: the control is a plain link to a neutral site. With script it also leaves
     without adding a history entry, and pressing Shift 3 times in a row does the same. */
  var exit = document.querySelector("[data-quick-exit]");
  if (exit) {
    var leave = function (event) {
      if (event) { event.preventDefault(); }
      document.body.style.visibility = "hidden";
      window.location.replace(exit.href);
    };
    var presses = 0;
    var timer = 0;
    exit.addEventListener("click", leave);
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Shift" || event.repeat) { presses = event.key === "Shift" ? presses : 0; return; }
      presses += 1;
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { presses = 0; }, 5000);
      if (presses >= 3) { leave(); }
    });
  }

  /* Listen: read the main text aloud with the browser's own voices, shown only when the
     browser has a voice for the language of the text. Nothing is downloaded. */
  var listen = document.querySelector("[data-listen]");
  var synth = window.speechSynthesis;
  if (listen && synth && window.SpeechSynthesisUtterance) {
    var text = document.querySelector(listen.getAttribute("data-listen"));
    var lang = (text && text.closest("[lang]").getAttribute("lang")) || document.documentElement.lang;
    var label = listen.textContent;
    var voiceFor = function () {
      var wanted = lang.toLowerCase().split("-")[0];
      return synth.getVoices().filter(function (voice) {
        return voice.lang.toLowerCase().replace("_", "-").split("-")[0] === wanted;
      })[0];
    };
    var reset = function () {
      listen.textContent = label;
      listen.setAttribute("aria-pressed", "false");
    };
    var update = function () { listen.hidden = !text || !voiceFor(); };
    update();
    synth.addEventListener("voiceschanged", update);
    listen.addEventListener("click", function () {
      if (synth.speaking) { synth.cancel(); reset(); return; }
      var utterance = new window.SpeechSynthesisUtterance(text.innerText);
      utterance.lang = lang;
      utterance.voice = voiceFor() || null;
      utterance.onend = reset;
      listen.textContent = listen.getAttribute("data-stop-label");
      listen.setAttribute("aria-pressed", "true");
      synth.speak(utterance);
    });
  }
}());
