// Selects the details of the figure named in the URL's #claim-N, in the panel beside the text.
(function () {
  "use strict";
  function select() {
    var match = /^#claim-(\d+)$/.exec(window.location.hash);
    document.querySelectorAll(".claim-detail.selected").forEach(function (el) {
      el.classList.remove("selected");
    });
    if (!match) { return; }
    var detail = document.getElementById("detail-" + match[1]);
    if (detail) {
      detail.classList.add("selected");
      detail.scrollIntoView({ block: "nearest" });
    }
  }
  window.addEventListener("hashchange", select);
  document.addEventListener("DOMContentLoaded", select);
})();
