// "Salin tabel": copies a panel's table as tab-separated text, ready to paste into a spreadsheet.
(function () {
  "use strict";
  function tableText(table) {
    return Array.from(table.querySelectorAll("tr")).map(function (row) {
      return Array.from(row.cells).map(function (cell) { return cell.innerText.trim(); }).join("\t");
    }).join("\n");
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".copy-table");
    if (!button) { return; }
    var table = document.getElementById(button.dataset.table);
    if (!table) { return; }
    var text = tableText(table);
    var done = function () { button.textContent = button.dataset.done || "Tersalin"; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done);
    } else {
      var range = document.createRange();
      range.selectNodeContents(table);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      document.execCommand("copy");
      done();
    }
  });
}());
