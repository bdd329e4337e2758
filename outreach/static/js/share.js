/* The share page: copy buttons for the posts and alt texts.
   Progressive enhancement: without this script the texts are in read-only text
   areas and can be selected and copied by hand; the buttons stay hidden. */
(function () {
  "use strict";

  var status = document.getElementById("share-status");

  function announce(message) {
    if (status) {
      status.textContent = "";
      window.setTimeout(function () { status.textContent = message; }, 50);
    }
  }

  function selectAll(field) {
    field.focus();
    field.select();
    field.setSelectionRange(0, field.value.length);
  }

  function legacyCopy(field) {
    selectAll(field);
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  function copied(button) {
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    button.textContent = "Copied";
    button.classList.add("share-copy--done");
    announce("Copied to the clipboard.");
    window.setTimeout(function () {
      button.textContent = label;
      button.classList.remove("share-copy--done");
    }, 2000);
  }

  function failed(field) {
    selectAll(field);
    announce("The text is selected: press Ctrl+C, or Command+C on a Mac, to copy it.");
  }

  var buttons = document.querySelectorAll("button[data-copy]");
  Array.prototype.forEach.call(buttons, function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = field.value;
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(
          function () { copied(button); },
          function () { if (legacyCopy(field)) { copied(button); } else { failed(field); } }
        );
      } else if (legacyCopy(field)) {
        copied(button);
      } else {
        failed(field);
      }
    });
  });
})();
