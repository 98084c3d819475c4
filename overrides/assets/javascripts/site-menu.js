// The menu button on a phone or tablet (Material's drawer, opened by the checkbox #__drawer): reachable by Tab,
// opened and closed with Enter or Space, closed with Escape, and saying whether it is open. While the drawer
// is closed its links are out of the tab order (site.css hides it); a section's panel, opened by its arrow, is
// closed again by the back arrow at its top, with Enter or Space.
(function () {
  "use strict";
  var toggle = document.getElementById("__drawer");
  var button = document.querySelector('.md-header label[for="__drawer"]');
  if (!toggle || !button) return;
  button.setAttribute("role", "button");
  button.setAttribute("tabindex", "0");
  button.setAttribute("aria-label", "Menu");
  button.setAttribute("aria-controls", "site-menu");
  var drawer = document.querySelector(".md-sidebar--primary");
  if (drawer) drawer.id = drawer.id || "site-menu";
  // Each section's arrow in the drawer (a label Material clicks on Enter) is reachable by Tab too.
  var arrows = document.querySelectorAll('.md-sidebar--primary label.md-nav__link[for^="__nav_"]');
  for (var i = 0; i < arrows.length; i++) {
    var section = arrows[i].parentElement.querySelector("a.md-nav__link");
    arrows[i].setAttribute("tabindex", "0");
    arrows[i].setAttribute("role", "button");
    arrows[i].setAttribute("aria-label", "Open " + (section ? section.textContent.trim() : "this section"));
  }
  // Each section's own panel has a back arrow (a label for the same checkbox) at its top: reachable by Tab,
  // and back on the section's arrow once the panel is closed.
  var backs = document.querySelectorAll('.md-sidebar--primary label.md-nav__title[for^="__nav_"]');
  for (var j = 0; j < backs.length; j++) {
    backs[j].setAttribute("tabindex", "0");
    backs[j].setAttribute("role", "button");
    backs[j].setAttribute("aria-label", "Back from " + backs[j].textContent.trim());
  }
  function backTo(label) {
    var arrow = document.querySelector('.md-sidebar--primary label.md-nav__link[for="' + label.htmlFor + '"]');
    label.click();
    if (arrow) arrow.focus({ preventScroll: true });
  }
  document.addEventListener("keydown", function (event) {
    var label = event.target;
    if (!label.matches || !label.matches('.md-sidebar--primary label.md-nav__title[for^="__nav_"]')) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      event.stopPropagation(); // Material would click it on Enter too, opening it again
      backTo(label);
    }
  });
  function said() {
    button.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
  }
  // Material clicks a focused label on Enter; Space does the same here, as on any button.
  button.addEventListener("keydown", function (event) {
    if (event.key === " ") {
      event.preventDefault();
      button.click();
    }
  });
  toggle.addEventListener("change", function () {
    said();
    if (toggle.checked && document.activeElement === button && drawer) {
      var links = drawer.querySelectorAll("a[href]");
      for (var i = 0; i < links.length; i++) {
        if (links[i].checkVisibility({ visibilityProperty: true })) {
          links[i].focus({ preventScroll: true });
          break;
        }
      }
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change", { bubbles: true }));
      button.focus();
    }
  });
  said();
})();
