// The live eligibility check of the application form: as fields are filled, the form (without its
// files) is posted to the check endpoint, which runs the programme's rule set, and the answer is shown
// under the form with each failed criterion and its article. No inline script: the CSP forbids it.
(function () {
  var form = document.getElementById("usulan");
  var box = document.getElementById("penilaian-isi");
  if (!form || !box || !window.fetch) return;
  var url = form.dataset.checkUrl;
  var timer = null;
  var token = form.querySelector("input[name=csrfmiddlewaretoken]");

  function list(title, items, cls) {
    if (!items.length) return null;
    var wrap = document.createDocumentFragment();
    if (title) { var h = document.createElement("h3"); h.textContent = title; wrap.appendChild(h); }
    var ul = document.createElement("ul");
    ul.className = "findings " + cls;
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.dataset.code = item.code;
      li.textContent = item.text;
      if (item.cite) {
        var cite = document.createElement("span");
        cite.className = "cite";
        cite.textContent = " (" + item.cite + ")";
        li.appendChild(cite);
      }
      ul.appendChild(li);
    });
    wrap.appendChild(ul);
    return wrap;
  }

  function render(result) {
    box.textContent = "";
    var div = document.createElement("div");
    div.className = "explanation";
    div.dataset.keputusan = result.keputusan;
    var p = document.createElement("p");
    var badge = document.createElement("span");
    badge.className = "badge decision-" + result.keputusan;
    badge.id = "keputusan";
    badge.textContent = result.label;
    p.appendChild(badge);
    div.appendChild(p);
    [list(box.dataset.problems || "Belum memenuhi syarat", result.problems, "problems"),
     list(box.dataset.checks || "Akan diperiksa petugas", result.checks, "checks"),
     list("", result.warnings, "warnings"),
     list(box.dataset.priorities || "Prioritas", result.priorities, "priorities")].forEach(function (part) {
      if (part) div.appendChild(part);
    });
    box.appendChild(div);
  }

  function check() {
    var data = new FormData(form);
    Array.from(form.querySelectorAll("input[type=file]")).forEach(function (input) { data.delete(input.name); });
    fetch(url, { method: "POST", body: data, credentials: "same-origin",
                 headers: { "X-CSRFToken": token ? token.value : "" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (result) { if (result && result.keputusan) render(result); })
      .catch(function () { /* the check is a help; submitting still works without it */ });
  }

  function later() { clearTimeout(timer); timer = setTimeout(check, 400); }
  form.addEventListener("input", later);
  form.addEventListener("change", later);
})();
