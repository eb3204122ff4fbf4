// «Быстро уйти с сайта»: replace this page so that «Назад» does not bring it back.
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-quick-exit]");
  if (!link) return;
  event.preventDefault();
  window.location.replace(link.href);
});
