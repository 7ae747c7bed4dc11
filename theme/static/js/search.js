/* The search page: Pagefind's interface over the index `invoke publish` makes (plugins/site_search).
   Everything comes from this site. /search/?q=words searches at once. Other pages use no JavaScript. */
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) return;
  if (typeof PagefindUI === "undefined") {
    var help = document.createElement("p");
    help.textContent = "Search is not available on this copy of the site. Every story is listed on the Archive page.";
    box.appendChild(help);
    return;
  }
  var ui = new PagefindUI({
    element: "#search",
    baseUrl: box.getAttribute("data-base-url") || "/",
    showImages: false,
    showSubResults: true,
    resetStyles: false,
    autofocus: true
  });
  // A visible label for the search field (Pagefind's has only a title).
  var input = box.querySelector("input");
  if (input) {
    input.id = "search-input";
    var label = document.createElement("label");
    label.htmlFor = input.id;
    label.className = "search-label";
    label.textContent = "Search the stories and pages";
    box.insertBefore(label, box.firstChild);
  }
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
