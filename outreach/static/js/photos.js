/* Officials' photos are linked from other sites. When one cannot be loaded,
   hide it so the initials beneath show instead of a broken-image icon. */
(function () {
  "use strict";
  function isPhoto(node) {
    return node && node.classList && node.classList.contains("avatar__img");
  }
  document.addEventListener(
    "error",
    function (event) {
      if (isPhoto(event.target)) {
        event.target.hidden = true;
      }
    },
    true
  );
  Array.prototype.forEach.call(document.querySelectorAll("img.avatar__img"), function (img) {
    if (img.complete && img.naturalWidth === 0) {
      img.hidden = true;
    }
  });
})();
