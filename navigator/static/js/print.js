// A «Распечатать» button for the route sheet. Without JavaScript the button stays hidden and the hint
// next to it explains Ctrl+P; with it, the button opens the browser's print dialog (print.css drops the
// navigation and the forms).
(function () {
  "use strict";
  var buttons = document.querySelectorAll("button[data-print]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
}());
