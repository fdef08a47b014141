// Polls a background job's status and updates the progress bar; reloads the page when it finishes
// so the server renders the result. No inline script: the CSP forbids it.
(function () {
  document.querySelectorAll(".job-progress").forEach(function (box) {
    if (box.dataset.finished === "1") return;
    var bar = box.querySelector("progress");
    var label = box.querySelector(".job-status");
    var message = box.querySelector(".job-message");
    var count = box.querySelector(".job-count");
    function poll() {
      fetch(box.dataset.statusUrl, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          if (s.percent !== null) bar.value = s.percent; else bar.removeAttribute("value");
          label.textContent = s.status_label;
          message.textContent = s.finished ? "" : (s.message || "");
          count.textContent = s.total ? s.done.toLocaleString("id-ID") + " / " + s.total.toLocaleString("id-ID") : "";
          if (s.finished) { window.location.reload(); } else { setTimeout(poll, 1000); }
        })
        .catch(function () { setTimeout(poll, 3000); });
    }
    setTimeout(poll, 500);
  });
})();
