// Country gallery: filter the cards by name (input#gallery-filter), UN region and income group.
// Plain JavaScript, no network: the book works offline. Loaded on every page; acts only where
// the gallery's controls exist.
(function () {
  function setup() {
    var search = document.getElementById("gallery-filter");
    if (!search) return;
    var region = document.getElementById("gallery-region");
    var income = document.getElementById("gallery-income");
    var count = document.getElementById("gallery-count");
    var cards = Array.prototype.slice.call(document.querySelectorAll(".mmdp-card"));
    function normalise(text) {
      return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    }
    var names = cards.map(function (card) { return normalise(card.getAttribute("data-name")); });
    function apply() {
      var words = normalise(search.value).split(/\s+/).filter(Boolean);
      var r = region ? region.value : "";
      var i = income ? income.value : "";
      var shown = 0;
      cards.forEach(function (card, n) {
        var ok = words.every(function (w) { return names[n].indexOf(w) !== -1; }) &&
          (!r || card.getAttribute("data-region") === r) &&
          (!i || card.getAttribute("data-income") === i);
        card.style.display = ok ? "" : "none";
        if (ok) shown += 1;
      });
      // the page's language: "{count} places" in its words (data-one, data-other; written by mmdp.run.gallery)
      if (count) count.textContent = (count.getAttribute(shown === 1 ? "data-one" : "data-other") || "{count}").replace("{count}", shown);
    }
    [search, region, income].forEach(function (el) {
      if (el) { el.addEventListener("input", apply); el.addEventListener("change", apply); }
    });
    apply();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
