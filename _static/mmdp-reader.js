// The handbook on phones, tablets and desktops (loaded on every page; plain JavaScript, offline).
// tests/test_browser.py checks each part at 390, 900 and 1400 px.
(function () {
  "use strict";

  // 1. Menu and contents buttons. pydata-sphinx-theme 0.17 and sphinx-book-theme 1.3 bind only the
  //    first .primary-toggle and .secondary-toggle of the page, which sit in the hidden top bar; the
  //    buttons a reader sees (in the article header) did nothing. Each other toggle passes its click
  //    on to the bound one, so the themes' own behaviour applies: a dialog below 992 px, a
  //    collapsing sidebar above.
  function bindEveryToggle() {
    [".primary-toggle", ".secondary-toggle"].forEach(function (selector) {
      var toggles = document.querySelectorAll(selector);
      for (var i = 1; i < toggles.length; i++) {
        toggles[i].addEventListener("click", function (event) {
          event.preventDefault();
          event.stopPropagation();
          toggles[0].click();
        });
      }
    });
  }

  // 2. Charts. A chart is drawn for a reading column of about 800 px; on a phone it is shown at a
  //    third of that and its text at about 5 px. Wherever a chart is shown smaller than it was drawn,
  //    a tap (or the button under it) opens it full size, in a dialog that scrolls.
  var zoom = null;

  function zoomDialog() {
    if (zoom) return zoom;
    zoom = document.createElement("dialog");
    zoom.className = "mmdp-zoom";
    zoom.setAttribute("aria-label", "Figure at full size");
    zoom.innerHTML = '<button type="button" class="mmdp-zoom-close">Close</button><img alt="">';
    zoom.querySelector("button").addEventListener("click", function () { zoom.close(); });
    zoom.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); zoom.close(); }
    });
    document.body.appendChild(zoom);
    return zoom;
  }

  function enlarge(image) {
    var dialog = zoomDialog();
    var big = dialog.querySelector("img");
    big.src = image.currentSrc || image.src;
    big.alt = image.alt;
    big.style.width = image.naturalWidth + "px";
    dialog.showModal();
    dialog.scrollTop = 0;
    dialog.scrollLeft = 0;
  }

  function markScaledCharts() {
    document.querySelectorAll("figure.mmdp-figure img").forEach(function (image) {
      if (!image.naturalWidth) return;
      var scaled = image.clientWidth < image.naturalWidth * 0.95;
      var figure = image.closest("figure");
      figure.classList.toggle("mmdp-scaled", scaled);
      if (!scaled || figure.querySelector(".mmdp-enlarge")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "mmdp-enlarge mmdp-screen-only";
      button.textContent = "Enlarge figure";
      button.addEventListener("click", function () { enlarge(image); });
      image.addEventListener("click", function () {
        if (figure.classList.contains("mmdp-scaled")) enlarge(image);
      });
      image.insertAdjacentElement("afterend", button);
    });
  }

  // 3. Wide tables. Below 600 px a table wider than the screen is shown as stacked rows, each cell
  //    with its column's name, so that no column ("Total", "Source"...) is off screen. Wider screens
  //    keep the table, with its first column fixed while the rest scrolls (mmdp.css).
  var NARROW = window.matchMedia("(max-width: 599.98px)");

  function columnLabels(table) {
    var labels = [];
    var head = table.tHead ? table.tHead.rows : [];
    for (var r = 0; r < head.length; r++) {
      var column = 0;
      for (var c = 0; c < head[r].cells.length; c++) {
        var cell = head[r].cells[c];
        var text = cell.textContent.trim();
        for (var span = 0; span < (cell.colSpan || 1); span++, column++) {
          if (text) labels[column] = labels[column] ? labels[column] + " " + text : text;
        }
      }
    }
    return labels;
  }

  function labelCells(table) {
    if (table.dataset.mmdpLabels) return table.dataset.mmdpLabels === "yes";
    var rows = table.tBodies.length ? table.tBodies[0].rows : [];
    var stackable = table.tHead && rows.length && !table.querySelector("tbody [rowspan], tbody [colspan]");
    if (stackable) {
      var labels = columnLabels(table);
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          Array.prototype.forEach.call(row.cells, function (cell, index) {
            if (labels[index]) cell.setAttribute("data-label", labels[index]);
          });
        });
      });
    }
    table.dataset.mmdpLabels = stackable ? "yes" : "no";
    return !!stackable;
  }

  function stackWideTables() {
    document.querySelectorAll("article.bd-article table").forEach(function (table) {
      table.classList.remove("mmdp-stacked");
      if (!NARROW.matches || !labelCells(table)) return;
      var box = table.parentElement;
      if (table.scrollWidth > box.clientWidth + 1) table.classList.add("mmdp-stacked");
    });
  }

  // 4. Downloads under a chart (_ext/mmdp_book.py): the image link takes the picture already in the
  //    page, so the site does not store each image twice.
  function linkImageDownloads() {
    document.querySelectorAll("a.mmdp-image-download:not([href])").forEach(function (link) {
      var output = link.closest(".mmdp-download").previousElementSibling;
      var image = output && output.querySelector("figure.mmdp-figure img");
      if (image) link.href = image.getAttribute("src");
    });
  }

  function debounce(fn, wait) {
    var timer = null;
    return function () { clearTimeout(timer); timer = setTimeout(fn, wait); };
  }

  function setup() {
    bindEveryToggle();
    linkImageDownloads();
    stackWideTables();
    markScaledCharts();
    window.addEventListener("load", markScaledCharts);
    var again = debounce(function () { stackWideTables(); markScaledCharts(); }, 150);
    window.addEventListener("resize", again);
    document.addEventListener("toggle", again, true);  // a drop-down opened: its tables and charts now have a size
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
