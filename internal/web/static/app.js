// Progressive enhancement only: every page works without this file.
// Forms with data-confirm ask before submitting (deactivate, revoke, ...).
document.addEventListener("submit", function (e) {
  var msg = e.target.getAttribute && e.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) {
    e.preventDefault();
  }
});
