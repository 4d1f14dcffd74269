/** The report's only behaviour: the filter buttons (all, failed, passed). */
export const REPORT_SCRIPT = `
(function () {
  var buttons = document.querySelectorAll(".filters button");
  var sections = document.querySelectorAll("section.scenario");
  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      var filter = button.getAttribute("data-filter");
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
      sections.forEach(function (s) { s.hidden = filter !== "all" && s.getAttribute("data-status") !== filter; });
    });
  });
})();
`;
