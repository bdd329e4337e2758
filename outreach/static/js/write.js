/* Outreach: the write pages, enhanced. Everything here is optional: without
   JavaScript the pages work with their buttons (Update, downloads) alone.

   - copy buttons ([data-copy]): copy a field's text to the clipboard;
   - the story counter ([data-counter-for]);
   - the personalization meter ([data-meter]): the share of words taken
     neither from the template nor from a talking point, computed like
     outreach/letters/own_words.py does (difflib's matching blocks on
     lower-cased word sequences);
   - talking points ([data-insert]): insert a point at the cursor;
   - the email links ([data-compose]) and the letter preview ([data-preview])
     follow the edits as they are typed;
   - the print button ([data-print]).

   No inline scripts or styles: the page's Content-Security-Policy can forbid them. */
(function () {
  "use strict";

  var WORD = /[\p{L}\p{N}]+(?:['\u2019][\p{L}\p{N}]+)*/gu;

  function words(text) {
    return text.toLowerCase().match(WORD) || [];
  }

  /* difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
     [i, j, size] for each block of a[i:i+size] == b[j:j+size]. */
  function matchingBlocks(a, b) {
    var b2j = new Map();
    b.forEach(function (word, j) {
      if (!b2j.has(word)) b2j.set(word, []);
      b2j.get(word).push(j);
    });
    function longest(alo, ahi, blo, bhi) {
      var besti = alo, bestj = blo, bestsize = 0;
      var j2len = new Map();
      for (var i = alo; i < ahi; i++) {
        var next = new Map();
        var js = b2j.get(a[i]) || [];
        for (var n = 0; n < js.length; n++) {
          var j = js[n];
          if (j < blo) continue;
          if (j >= bhi) break;
          var k = (j2len.get(j - 1) || 0) + 1;
          next.set(j, k);
          if (k > bestsize) {
            besti = i - k + 1;
            bestj = j - k + 1;
            bestsize = k;
          }
        }
        j2len = next;
      }
      return [besti, bestj, bestsize];
    }
    var blocks = [];
    var queue = [[0, a.length, 0, b.length]];
    while (queue.length) {
      var q = queue.pop();
      var m = longest(q[0], q[1], q[2], q[3]);
      var size = m[2];
      if (!size) continue;
      blocks.push(m);
      if (q[0] < m[0] && q[2] < m[1]) queue.push([q[0], m[0], q[2], m[1]]);
      if (m[0] + size < q[1] && m[1] + size < q[3]) {
        queue.push([m[0] + size, q[1], m[1] + size, q[3]]);
      }
    }
    return blocks;
  }

  var BORROWED_RUN = 3; // as outreach/letters/own_words.py

  /* How many words of `mine` are not the writer's own: matched in the template's
     words (`baseline`), or in runs of BORROWED_RUN words or more from a talking point. */
  function takenWords(baseline, mine, borrowed) {
    var taken = mine.map(function () {
      return false;
    });
    function mark(source, target, where, run) {
      matchingBlocks(source, target).forEach(function (block) {
        if (block[2] < run) return;
        for (var j = block[1]; j < block[1] + block[2]; j++) taken[where[j]] = true;
      });
    }
    mark(baseline, mine, mine.map(function (_w, i) {
      return i;
    }), 1);
    (borrowed || []).forEach(function (source) {
      var free = [];
      taken.forEach(function (used, i) {
        if (!used) free.push(i);
      });
      if (!free.length) return;
      mark(source, free.map(function (i) {
        return mine[i];
      }), free, BORROWED_RUN);
    });
    return taken.filter(Boolean).length;
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function announce(message) {
    var status = document.querySelector("[data-copy-status]");
    if (!status) return;
    status.textContent = "";
    setTimeout(function () {
      status.textContent = message;
    }, 50);
  }

  /* ---------------------------------------------------------------- copy */

  function textOf(element) {
    return "value" in element && element.tagName !== "BLOCKQUOTE"
      ? element.value
      : element.textContent;
  }

  function copy(button) {
    var target = document.getElementById(button.getAttribute("data-copy"));
    if (!target) return;
    var text = textOf(target);
    var done = function () {
      var label = button.textContent;
      button.textContent = "Copied";
      announce("Copied to the clipboard.");
      setTimeout(function () {
        button.textContent = label;
      }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () {
        fallbackCopy(target, done);
      });
    } else {
      fallbackCopy(target, done);
    }
  }

  function fallbackCopy(target, done) {
    if (typeof target.select === "function") {
      target.focus();
      target.select();
    } else {
      var range = document.createRange();
      range.selectNodeContents(target);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }
    try {
      if (document.execCommand("copy")) done();
      else announce("Select the text and copy it with your keyboard or menu.");
    } catch (error) {
      announce("Select the text and copy it with your keyboard or menu.");
    }
  }

  /* ---------------------------------------------------------------- counter */

  function setUpCounter(counter) {
    var field = document.getElementById(counter.getAttribute("data-counter-for"));
    if (!field) return;
    var limit = parseInt(field.getAttribute("maxlength"), 10) || 0;
    var update = function () {
      var used = field.value.length;
      var left = limit - used;
      counter.textContent =
        left >= 0
          ? left.toLocaleString("en-US") + " of " + limit.toLocaleString("en-US") + " characters left"
          : (-left).toLocaleString("en-US") + " characters too many";
      counter.classList.toggle("write-counter--over", left < 0);
    };
    counter.hidden = false;
    field.addEventListener("input", update);
    update();
  }

  /* ---------------------------------------------------------------- meter */

  function setUpMeter(meter, subject, body) {
    var baseline = words(meter.getAttribute("data-baseline") || "");
    var borrowed = Array.prototype.map.call(
      document.querySelectorAll(".write-point__text"),
      function (point) {
        return words(point.textContent);
      }
    );
    var good = parseInt(meter.getAttribute("data-good"), 10) || 15;
    var percent = meter.querySelector("[data-meter-percent]");
    var bar = meter.querySelector("meter");
    var message = meter.querySelector("[data-meter-message]");
    var level = "";
    var update = function () {
      var mine = words((subject ? subject.value : "") + "\n" + body.value);
      var own = mine.length ? mine.length - takenWords(baseline, mine, borrowed) : 0;
      var share = mine.length ? Math.round((100 * own) / mine.length) : 0;
      var next = share >= good ? "good" : own ? "some" : "none";
      percent.textContent = share + "%";
      if (bar) {
        bar.value = share;
        bar.textContent = share + "%";
      }
      if (next !== level) {
        meter.classList.remove("write-meter--" + level);
        meter.classList.add("write-meter--" + next);
        message.textContent = meter.getAttribute("data-message-" + next);
        level = next;
      }
    };
    var later = debounce(update, 150);
    body.addEventListener("input", later);
    if (subject) subject.addEventListener("input", later);
  }

  /* ---------------------------------------------------------------- insert */

  /* Where a point goes when the writer has not put the cursor in the message
     yet: before the closing ("Sincerely,"), else at the end. */
  function defaultSpot(text) {
    var match = /\n\n(?:Sincerely|Thank you|Respectfully)[^\n]*\n[^]*$/.exec(text);
    return match ? match.index : text.length;
  }

  function insert(button) {
    var source = document.getElementById(button.getAttribute("data-insert"));
    var field = document.getElementById(button.getAttribute("data-insert-into"));
    if (!source || !field) return;
    var text = source.textContent.trim();
    var start = field.value.length;
    var end = start;
    if (touched.has(field)) {
      start = field.selectionStart;
      end = field.selectionEnd;
    } else {
      start = end = defaultSpot(field.value);
    }
    var before = field.value.slice(0, start);
    var after = field.value.slice(end);
    var lead = before && !/\n\n$/.test(before) ? (/\n$/.test(before) ? "\n" : "\n\n") : "";
    var tail = after && !/^\n\n/.test(after) ? (/^\n/.test(after) ? "\n" : "\n\n") : "";
    field.value = before + lead + text + tail + after;
    var cursor = (before + lead + text).length;
    field.focus();
    field.setSelectionRange(cursor, cursor);
    touched.add(field);
    field.dispatchEvent(new Event("input", { bubbles: true }));
    announce("Inserted into your message. Now make it your own.");
  }

  var touched = new WeakSet();

  /* ---------------------------------------------------------------- email links */

  function rfc3986(text) {
    return encodeURIComponent(text).replace(/[!'()*]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }

  function crlf(text) {
    return text.replace(/\r\n|\r|\n/g, "\r\n");
  }

  function setUpCompose(box) {
    var to = box.getAttribute("data-to");
    var subject = document.getElementById(box.getAttribute("data-subject-from"));
    var body = document.getElementById(box.getAttribute("data-body-from"));
    if (!to || !subject || !body || subject.readOnly) return;
    var mailtoLimit = parseInt(box.getAttribute("data-mailto-limit"), 10) || 2000;
    var webLimit = parseInt(box.getAttribute("data-webmail-limit"), 10) || 7000;
    var tooLong = box.parentNode.querySelector("[data-compose-too-long]");
    var links = {};
    box.querySelectorAll("[data-compose-link]").forEach(function (link) {
      links[link.getAttribute("data-compose-link")] = link;
    });
    var update = function () {
      var s = subject.value;
      var b = body.value;
      var address = rfc3986(to).replace(/%40/g, "@");
      var hrefs = {
        mailto: "mailto:" + address + "?subject=" + rfc3986(crlf(s)) + "&body=" + rfc3986(crlf(b)),
        gmail:
          "https://mail.google.com/mail/?view=cm&fs=1&to=" + rfc3986(to) + "&su=" + rfc3986(s) +
          "&body=" + rfc3986(b),
        outlook:
          "https://outlook.office.com/mail/deeplink/compose?to=" + rfc3986(to) + "&subject=" +
          rfc3986(s) + "&body=" + rfc3986(b),
      };
      Object.keys(links).forEach(function (name) {
        var limit = name === "mailto" ? mailtoLimit : webLimit;
        var fits = hrefs[name].length <= limit;
        links[name].hidden = !fits;
        if (fits) links[name].href = hrefs[name];
      });
      if (tooLong && links.mailto) tooLong.hidden = !links.mailto.hidden;
    };
    var later = debounce(update, 200);
    subject.addEventListener("input", later);
    body.addEventListener("input", later);
  }

  /* ---------------------------------------------------------------- letter preview */

  function setUpPreview(subject, body) {
    var previewSubject = document.querySelector('[data-preview="subject"]');
    var previewBody = document.querySelector('[data-preview="body"]');
    if (!previewBody) return;
    var update = function () {
      if (previewSubject && subject) previewSubject.textContent = subject.value;
      previewBody.textContent = body.value;
    };
    body.addEventListener("input", debounce(update, 150));
    if (subject) subject.addEventListener("input", debounce(update, 150));
  }

  /* ---------------------------------------------------------------- start */

  function start() {
    document.querySelectorAll("[data-copy], [data-insert], [data-print]").forEach(function (b) {
      b.hidden = false;
    });
    document.querySelectorAll("[data-nojs-only]").forEach(function (element) {
      element.hidden = true;
    });
    // Long panels open without JavaScript; on a phone they start closed, below their summary.
    if (window.matchMedia && window.matchMedia("(max-width: 55.99rem)").matches) {
      document.querySelectorAll("details[data-collapse-narrow]").forEach(function (details) {
        details.open = false;
      });
    }
    document.querySelectorAll("[data-counter-for]").forEach(setUpCounter);
    document.querySelectorAll("[data-compose]").forEach(setUpCompose);

    var subject = document.getElementById("subject");
    var body = document.getElementById("body");
    if (body && body.tagName === "TEXTAREA") {
      var meter = document.querySelector("[data-meter]");
      if (meter) setUpMeter(meter, subject, body);
      setUpPreview(subject, body);
      ["keyup", "mouseup", "focus"].forEach(function (name) {
        body.addEventListener(name, function () {
          touched.add(body);
        });
      });
    }

    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-copy], [data-insert], [data-print]");
      if (!button) return;
      event.preventDefault();
      if (button.hasAttribute("data-copy")) copy(button);
      else if (button.hasAttribute("data-insert")) insert(button);
      else window.print();
    });
  }

  // For tests of the meter's parity with the server (tests/letters/test_write.py).
  window.outreachWrite = { words: words, takenWords: takenWords };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
