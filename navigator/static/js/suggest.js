// Progressive enhancement for the search box: the <datalist> already offers titles without
// JavaScript; here it is refreshed with completions from /api/v1/suggest as the citizen types.
(function () {
  "use strict";
  var inputs = document.querySelectorAll("input[data-suggest]");
  Array.prototype.forEach.call(inputs, function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list || !window.fetch) { return; }
    var timer = null;
    var last = "";
    input.addEventListener("input", function () {
      var value = input.value.trim();
      if (value.length < 2 || value === last) { return; }
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        last = value;
        fetch(input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(value), {credentials: "same-origin"})
          .then(function (response) { return response.ok ? response.json() : {suggestions: []}; })
          .then(function (data) {
            if (!data.suggestions.length) { return; }
            while (list.firstChild) { list.removeChild(list.firstChild); }
            data.suggestions.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.title;
              list.appendChild(option);
            });
          })
          .catch(function () { /* keep the titles already offered */ });
      }, 150);
    });
  });
})();
