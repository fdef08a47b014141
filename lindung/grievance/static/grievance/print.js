// Print buttons (no inline script: the Content-Security-Policy allows only scripts served by the app).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
});
