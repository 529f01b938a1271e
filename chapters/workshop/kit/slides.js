// Workshop slides (mmdp workshop): arrow keys, Page Up/Down, space, Home and End move; N shows the
// speaker notes; the slide number is kept in the address (#3) so a reload stays on the slide.
(function () {
  "use strict";
  var slides = Array.prototype.slice.call(document.querySelectorAll(".slide"));
  var counter = document.getElementById("counter");
  var current = 0;
  function show(n) {
    current = Math.max(0, Math.min(slides.length - 1, n));
    slides.forEach(function (slide, i) { slide.hidden = i !== current; });
    counter.textContent = (current + 1) + " / " + slides.length;
    if (history.replaceState) { history.replaceState(null, "", "#" + (current + 1)); }
  }
  document.addEventListener("keydown", function (event) {
    if (event.target.tagName === "BUTTON" && (event.key === " " || event.key === "Enter")) { return; }
    if (["ArrowRight", "PageDown", " "].indexOf(event.key) >= 0) { show(current + 1); event.preventDefault(); }
    else if (["ArrowLeft", "PageUp"].indexOf(event.key) >= 0) { show(current - 1); event.preventDefault(); }
    else if (event.key === "Home") { show(0); }
    else if (event.key === "End") { show(slides.length - 1); }
    else if (event.key === "n" || event.key === "N") { document.body.classList.toggle("show-notes"); }
  });
  document.getElementById("next").addEventListener("click", function () { show(current + 1); });
  document.getElementById("prev").addEventListener("click", function () { show(current - 1); });
  document.getElementById("notes").addEventListener("click", function () { document.body.classList.toggle("show-notes"); });
  var start = parseInt(location.hash.slice(1), 10);
  show(isNaN(start) ? 0 : start - 1);
}());
