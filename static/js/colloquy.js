// Small progressive enhancements around htmx: open/close discussions, focus, announcements.
(function () {
  "use strict";

  function announce(text) {
    var region = document.getElementById("announcer");
    if (!region) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  function showError(text) {
    var region = document.getElementById("alert-region");
    if (!region) return;
    region.textContent = text;
    region.classList.add("visible");
    window.setTimeout(function () { region.classList.remove("visible"); }, 8000);
  }

  function toggleFor(slot) {
    return document.querySelector('[aria-controls="' + slot.id + '"][data-discussion-toggle]');
  }

  // Reply, Flag and Hide share one slot under a comment: remember which of them opened it,
  // so closing the form puts focus back on that control.
  var openers = {};
  // The id of a comment whose edit form is being cancelled (the form and comment share it).
  var cancelledEdit = null;

  function closeReplyForm(form) {
    var slot = form.closest(".reply-slot");
    var comment = form.closest(".comment");
    form.remove();
    if (!slot) return;
    var opener = openers[slot.id];
    if (!opener || !opener.isConnected) {
      opener = comment && comment.querySelector('[data-opens-form][aria-controls="' + slot.id + '"]');
    }
    if (opener) opener.focus();
  }

  function closeDiscussion(toggle) {
    var slot = document.getElementById(toggle.getAttribute("aria-controls"));
    if (slot) slot.innerHTML = "";
    toggle.setAttribute("aria-expanded", "false");
    toggle.closest(".paragraph").classList.remove("is-open");
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (elt.matches("[data-opens-form][aria-controls]")) openers[elt.getAttribute("aria-controls")] = elt;
    var editForm = elt.matches("a[hx-get]") && elt.closest("form.edit-form");
    if (editForm) cancelledEdit = editForm.id;
    if (!elt.matches("[data-discussion-toggle]")) return;
    if (elt.getAttribute("aria-expanded") === "true") {
      event.preventDefault();
      closeDiscussion(elt);
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target.classList.contains("discussion-slot")) {
      var toggle = toggleFor(target);
      if (toggle) {
        toggle.setAttribute("aria-expanded", "true");
        toggle.closest(".paragraph").classList.add("is-open");
      }
      announce(document.getElementById("announcer").dataset.discussionOpened || "Discussion opened.");
    }
  });

  // Focus moves once htmx has wired the new content (it does so as it settles): a key pressed
  // on a link before then would follow the link to a page of its own.
  document.addEventListener("htmx:afterSettle", function (event) {
    // After an outerHTML swap the event fires on the new element, which detail.target is not.
    var swapped = event.target;
    if (!swapped.matches) return;
    if (swapped.matches(".reply-slot, form.comment-form, form.hide-form, .queue-item")) {
      // A field the server sent back with an error first; else the form's first field (the
      // flag and hide forms open with a select or a one-line reason).
      var field = swapped.querySelector('[aria-invalid="true"]') ||
        swapped.querySelector(".queue-error, .queue-outcome") ||
        swapped.querySelector("textarea, select, input[type=text]");
      if (field && swapped.matches(".queue-item") && !field.matches("input, select, textarea")) {
        field.setAttribute("tabindex", "-1");
      }
      if (field) field.focus();
    } else if (swapped.matches(".discussion-slot") && swapped.querySelector(":scope > form.prompt-form")) {
      // The prompt form opened (or came back with an error) beside its paragraph.
      var body = swapped.querySelector('[aria-invalid="true"]') || swapped.querySelector("textarea");
      if (body) body.focus();
    } else if (swapped.matches("details.note-control")) {
      // A note came back with an error (focus on the field), or was saved (on Note again).
      var wrong = swapped.querySelector('[aria-invalid="true"]') || swapped.querySelector("summary");
      wrong.focus();
    } else if (swapped.matches("article.comment") && swapped.id === cancelledEdit) {
      // Editing was cancelled: back to the Edit link that opened it.
      cancelledEdit = null;
      var edit = swapped.querySelector('[data-opens-form][hx-target="#' + swapped.id + '"]');
      if (edit) edit.focus();
    }
  });

  // Show more: the next threads are appended to the list. Focus goes to the first of them
  // (the control itself is replaced), and a thread already on the page (one just posted,
  // added at the end) gives way to its copy in its place in the order.
  var lastBefore = {};
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt.matches("[data-more-threads]")) return;
    var list = document.querySelector(elt.getAttribute("hx-target"));
    if (list) lastBefore[list.id] = { item: list.lastElementChild, announce: elt.dataset.announce };
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var list = event.detail.target;
    var before = list && lastBefore[list.id];
    if (!before) return;
    delete lastBefore[list.id];
    var first = before.item ? before.item.nextElementSibling : list.firstElementChild;
    for (var item = first; item; item = item.nextElementSibling) {
      var earlier = document.getElementById(item.id);
      if (earlier && earlier !== item) earlier.remove();
    }
    var article = first && first.querySelector("article.comment");
    if (article) {
      article.setAttribute("tabindex", "-1");
      article.focus();
    }
    if (before.announce) announce(before.announce);
  });

  document.body.addEventListener("colloquy:comment", function (event) {
    var article = document.getElementById("c-" + event.detail.id + "-body");
    announce(event.detail.message);
    if (article) {
      article.setAttribute("tabindex", "-1");
      article.focus();
    }
  });

  // A notice marked read: keep the keyboard where it was (the button itself is gone).
  document.body.addEventListener("colloquy:notice", function (event) {
    var target = document.getElementById(event.detail.id);
    announce(event.detail.message);
    if (target) target.focus();
  });

  document.addEventListener("htmx:responseError", function (event) {
    // A failed background check for new comments is not the reader's concern.
    if (event.detail.elt.matches && event.detail.elt.matches("[data-live-updates]")) return;
    var xhr = event.detail.xhr;
    // The wording comes from the page, in the reader's language.
    var region = document.getElementById("alert-region");
    var template = (region && region.dataset.genericError) || "Something went wrong ({status}). Nothing you wrote was lost.";
    var message = template.replace("{status}", xhr.status);
    try {
      var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
      var found = doc.querySelector("[data-error-message]");
      if (found && found.textContent.trim()) message = found.textContent.trim();
    } catch (error) { /* keep the generic message */ }
    showError(message);
  });

  document.addEventListener("click", function (event) {
    var closer = event.target.closest("[data-close-form]");
    if (!closer || !window.htmx) return;
    var form = closer.closest("form.reply-form, form.slot-form");
    if (!form) return;
    event.preventDefault();
    closeReplyForm(form);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !event.target.closest) return;
    var form = event.target.closest("form.reply-form, form.slot-form, form.edit-form");
    if (!form) {
      // Escape elsewhere in an open discussion closes it and returns to its toggle.
      var slot = event.target.closest(".discussion-slot");
      var toggle = slot && toggleFor(slot);
      if (!toggle || toggle.getAttribute("aria-expanded") !== "true") return;
      event.preventDefault();
      closeDiscussion(toggle);
      toggle.focus();
      return;
    }
    event.preventDefault();
    if (form.matches(".reply-form, .slot-form")) {
      closeReplyForm(form);
    } else {
      var cancel = form.querySelector("[hx-get]");
      if (cancel) cancel.click();
    }
  });

  // Live updates: every open discussion has a poller (reading.html#live-poller) that asks for
  // what changed since its cursor, only while the tab is visible. htmx's `every 10s [cond]`
  // would need eval, which the page's CSP and htmx config forbid, so a timer fires the event.
  var lastPoll = Date.now();

  function pollSeconds() {
    var poller = document.querySelector("[data-live-updates]");
    return (poller && Number(poller.dataset.seconds)) || 10;
  }

  function pollIfDue() {
    if (document.visibilityState !== "visible" || !window.htmx) return;
    if (Date.now() - lastPoll < pollSeconds() * 1000) return;
    lastPoll = Date.now();
    document.querySelectorAll("[data-live-updates]").forEach(function (poller) {
      window.htmx.trigger(poller, "colloquy:poll");
    });
  }

  window.setInterval(pollIfDue, 1000);
  document.addEventListener("visibilitychange", pollIfDue);

  document.addEventListener("htmx:configRequest", function (event) {
    var poller = event.detail.elt;
    if (poller.matches && poller.matches("[data-live-updates]")) {
      event.detail.parameters.after = poller.dataset.after;
    }
  });

  // A comment the page already shows takes its new state, but not under the reader's hands:
  // while focus is in it or a reply form is open there, the new state waits until they leave.
  var waitingRefresh = {};

  function refreshComment(fresh) {
    var shown = document.getElementById(fresh.id);
    delete waitingRefresh[fresh.id];
    if (!shown || !shown.matches("article")) return;  // being edited: the save redraws it
    var slot = shown.querySelector(".reply-slot");
    if (shown.contains(document.activeElement) || (slot && slot.children.length)) {
      waitingRefresh[fresh.id] = fresh;
      return;
    }
    shown.replaceWith(fresh);
    window.htmx.process(fresh);
  }

  document.addEventListener("focusout", function () {
    window.setTimeout(function () {
      Object.keys(waitingRefresh).forEach(function (id) { refreshComment(waitingRefresh[id]); });
    }, 0);
  });

  // A paragraph's words with new marks: only its words change, so the focus and selection
  // help the page gave it stay; while the reader is selecting words in it, the marks wait.
  var waitingMarks = {};

  function selectingIn(element) {
    var selection = document.getSelection();
    return selection && !selection.isCollapsed && element.contains(selection.anchorNode);
  }

  function refreshMarks(fresh) {
    var shown = document.getElementById(fresh.id);
    delete waitingMarks[fresh.id];
    if (!shown) return;
    if (selectingIn(shown)) {
      waitingMarks[fresh.id] = fresh;
      return;
    }
    shown.replaceChildren.apply(shown, Array.from(fresh.childNodes));
  }

  document.addEventListener("selectionchange", function () {
    Object.keys(waitingMarks).forEach(function (id) { refreshMarks(waitingMarks[id]); });
  });

  function placeUpdates(poller, html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var news = template.content.querySelector("[data-live-cursor]");
    if (!news) return;
    poller.dataset.after = news.dataset.liveCursor;
    var added = 0;
    news.querySelectorAll("[data-place-in]").forEach(function (holder) {
      var item = holder.firstElementChild;
      if (!item) return;
      if (document.getElementById(item.id)) {
        var body = item.querySelector("#" + CSS.escape(item.id + "-body"));
        if (body) refreshComment(body);
        return;
      }
      // No list means its thread is not on this page (e.g. the comment it answers is closed).
      var list = document.getElementById(holder.dataset.placeIn);
      if (!list) return;
      list.appendChild(item);
      window.htmx.process(item);
      added += 1;
    });
    var count = news.querySelector("[data-live-count] > *");
    var shownCount = count && document.getElementById(count.id);
    if (shownCount) shownCount.replaceWith(count);
    var text = news.querySelector("[data-live-text] > *");
    if (text) refreshMarks(text);
    if (added === 1) announce(poller.dataset.announceOne);
    if (added > 1) announce(poller.dataset.announceMany.replace("{count}", added));
  }

  document.addEventListener("htmx:afterRequest", function (event) {
    var poller = event.detail.elt;
    if (!poller.matches || !poller.matches("[data-live-updates]")) return;
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status === 200) placeUpdates(poller, event.detail.xhr.responseText);
    // Gone from the course, or the passage changed: stop asking.
    if (status === 403 || status === 404) poller.remove();
  });
})();

// Import preview: grey a block out (or back in) as soon as its Include box changes.
document.addEventListener("change", function (event) {
  var box = event.target.closest(".include-toggle input");
  if (!box) return;
  box.closest(".draft-block").classList.toggle("excluded", !box.checked);
});

// Adding a reading: choosing a file opens its preview, unless an address or text is also given
// (the server then says to use one way at a time).
document.addEventListener("change", function (event) {
  var input = event.target.closest("input[data-preview-on-choose]");
  if (!input || !input.files.length) return;
  var form = input.form;
  var others = Array.prototype.some.call(form.querySelectorAll("input[type=url], textarea"),
    function (field) { return field.value.trim() !== ""; });
  if (!others) form.requestSubmit();
});

// A new course's time zone: pick the browser's when the teacher has not chosen one and the
// list offers it (the server checks the choice again). Without JavaScript the teacher picks.
document.querySelectorAll("select[data-browser-time-zone]").forEach(function (select) {
  if (select.value) return;
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (error) { return; }
  if (!zone) return;
  var offered = Array.prototype.some.call(select.options, function (option) {
    return option.value === zone;
  });
  if (offered) select.value = zone;
});

// Import preview: Split breaks a block where the cursor stands in its text, unless a sentence
// was chosen from the block's list (without JavaScript the list is the way to choose).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-split-block]");
  if (!button) return;
  var form = button.form;
  var index = button.dataset.splitBlock;
  var text = form.querySelector('[data-block-text="' + index + '"]');
  var chosen = form.querySelector('[name="split-' + index + '"]');
  var caret = form.querySelector('[name="split_caret"]');
  if (!text || !caret) return;
  var atCursor = text.dataset.caretKnown && !(chosen && chosen.value);
  // Counted in characters as the server counts them, not in UTF-16 units.
  caret.value = atCursor ? String(Array.from(text.value.slice(0, text.selectionStart)).length) : "";
});

// Only a cursor the teacher put in the text counts, not where a browser starts one.
document.addEventListener("focusin", function (event) {
  if (event.target.matches && event.target.matches("[data-block-text]")) {
    event.target.dataset.caretKnown = "1";
  }
});

// Leaving the import preview with changes not yet saved asks first; saving does not.
document.addEventListener("input", function (event) {
  var form = event.target.closest && event.target.closest("form[data-warn-unsaved]");
  if (form) form.dataset.unsaved = "";
});

document.addEventListener("submit", function (event) {
  if (event.target.matches("form[data-warn-unsaved]")) delete event.target.dataset.unsaved;
});

window.addEventListener("beforeunload", function (event) {
  if (!document.querySelector("form[data-warn-unsaved][data-unsaved]")) return;
  event.preventDefault();
  event.returnValue = "";
});

// A form that comes back with errors: the list of them at its top takes focus, so it is read
// out and each item links to the box it is about.
function focusErrorSummary(root) {
  var summary = root.querySelector && root.querySelector("[data-error-summary]");
  if (summary) summary.focus();
}
focusErrorSummary(document);
document.addEventListener("htmx:afterSettle", function (event) { focusErrorSummary(event.target); });

// A form that carries something signed on to another site (an answer to the LMS) sends itself;
// without JavaScript its button does.
document.querySelectorAll("form[data-submit-on-load]").forEach(function (form) {
  form.submit();
});

// Commenting on a phrase: selecting words in a paragraph (mouse, touch, or Shift and the arrow
// keys after "Select words with the keyboard" in its discussion) offers "Comment on this
// phrase", which opens the paragraph's new-thread form with the words filled in. Without
// JavaScript the form's Quote field does the same.
(function () {
  "use strict";

  var reading = document.querySelector("article.reading[data-phrase-button]");
  if (!reading) return;
  var chosen = null;  // {paragraph, exact, prefix, suffix, start, end} while the control shows
  var waiting = null;  // the phrase for a form that is still loading
  var pressing = false;  // a finger or mouse is on the control: a tap may clear the selection
  var selectingFrom = null;  // the button that put keyboard focus in a paragraph's words
  // A finger's selection has the system's menu above it and its handles just below: the
  // control then goes below the handles instead of after the paragraph.
  var touching = window.matchMedia("(pointer: coarse)").matches;
  var HANDLE_ROOM = 32;
  var help = document.getElementById("phrase-help");
  var control = document.createElement("div");
  control.className = "phrase-control";
  control.hidden = true;
  // The control speaks the interface's language inside the reading's.
  control.lang = help.lang;
  control.dir = help.dir;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "button small";
  button.textContent = reading.dataset.phraseButton;
  control.appendChild(button);

  function quotable(node) {
    var element = node && (node.nodeType === 1 ? node : node.parentElement);
    return element && element.closest(".paragraph-text[data-quotable]");
  }

  // The text nodes a reader sees as the paragraph's words (not the links after its marks).
  function wordNodes(root) {
    var nodes = [];
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      if (!walker.currentNode.parentElement.closest("[data-not-text]")) nodes.push(walker.currentNode);
    }
    return nodes;
  }

  // Characters (code points, as the server counts) shown before a point of the paragraph.
  function shownBefore(root, nodes, container, offset) {
    var before = document.createRange();
    before.setStart(root, 0);
    before.setEnd(container, offset);
    var count = 0;
    nodes.forEach(function (node) {
      if (!before.intersectsNode(node)) return;
      var end = node === container ? offset : node.data.length;
      count += Array.from(node.data.slice(0, end)).length;
    });
    return count;
  }

  // The server marks where the paragraph's source (its Markdown) runs ahead of what is shown.
  function sourceAt(root, shown) {
    var ahead = 0;
    (root.dataset.offsetSteps || "").split(" ").forEach(function (step) {
      var parts = step.split(":");
      if (parts.length === 2 && Number(parts[0]) <= shown) ahead = Number(parts[1]);
    });
    return shown + ahead;
  }

  function phraseOf(selection) {
    if (!selection.rangeCount || selection.isCollapsed) return null;
    var range = selection.getRangeAt(0);
    var root = quotable(range.startContainer);
    if (!root || root !== quotable(range.endContainer)) return null;
    var nodes = wordNodes(root);
    var shown = Array.from(nodes.map(function (node) { return node.data; }).join(""));
    var start = shownBefore(root, nodes, range.startContainer, range.startOffset);
    var end = shownBefore(root, nodes, range.endContainer, range.endOffset);
    while (start < end && /\s/.test(shown[start])) start += 1;
    while (end > start && /\s/.test(shown[end - 1])) end -= 1;
    if (start >= end) return null;
    return {
      paragraph: root.dataset.quotable,
      exact: shown.slice(start, end).join(""),
      prefix: shown.slice(Math.max(0, start - 32), start).join(""),
      suffix: shown.slice(end, end + 32).join(""),
      start: sourceAt(root, start),
      end: sourceAt(root, end - 1) + 1
    };
  }

  // Under the selection's last line, past the handles a finger drags, inside the paragraph.
  function placeBelow(range, text) {
    var lines = range.getClientRects();
    var last = lines.length ? lines[lines.length - 1] : range.getBoundingClientRect();
    var frame = text.parentElement.getBoundingClientRect();
    control.style.top = (last.bottom - frame.top + HANDLE_ROOM) + "px";
  }

  document.addEventListener("pointerdown", function (event) {
    touching = event.pointerType === "touch";
  }, true);

  document.addEventListener("selectionchange", function () {
    if (pressing || control.contains(document.activeElement)) return;
    var selection = document.getSelection();
    chosen = phraseOf(selection);
    if (!chosen) {
      control.hidden = true;
      return;
    }
    var text = document.getElementById("text-" + chosen.paragraph);
    if (text.nextElementSibling !== control) text.after(control);
    control.classList.toggle("below-selection", touching);
    if (touching) {
      placeBelow(selection.getRangeAt(0), text);
    } else {
      control.style.top = "";
    }
    control.hidden = false;
  });

  // Keep the words selected when the button is pressed with a mouse or a finger.
  button.addEventListener("mousedown", function (event) { event.preventDefault(); });
  button.addEventListener("pointerdown", function () { pressing = true; });
  document.addEventListener("pointerup", function () {
    window.setTimeout(function () { pressing = false; }, 0);
  });

  function fill(form, phrase) {
    form.querySelector('[name="quote"]').value = phrase.exact;
    ["prefix", "suffix", "start", "end"].forEach(function (name) {
      form.querySelector('[name="quote_' + name + '"]').value = phrase[name];
    });
    var shown = form.querySelector("[data-chosen-phrase]");
    shown.textContent = phrase.exact;
    shown.hidden = false;
    form.querySelector("textarea").focus();
  }

  button.addEventListener("click", function () {
    if (!chosen) return;
    var phrase = chosen;
    control.hidden = true;
    selectingFrom = null;
    var form = document.getElementById("thread-form-" + phrase.paragraph);
    if (form) {
      fill(form, phrase);
      return;
    }
    var toggle = document.querySelector('[data-discussion-toggle][aria-controls="discussion-' + phrase.paragraph + '"]');
    if (!toggle) return;
    waiting = phrase;
    toggle.click();
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    if (!waiting || !event.target.matches || !event.target.matches(".discussion-slot")) return;
    var form = document.getElementById("thread-form-" + waiting.paragraph);
    if (form && event.target.contains(form)) {
      fill(form, waiting);
      waiting = null;
    }
  });

  // Words typed into the Quote field are found by the server, wherever they stand.
  document.addEventListener("input", function (event) {
    if (!event.target.matches || !event.target.matches('[data-phrase-field] [name="quote"]')) return;
    var field = event.target.closest("[data-phrase-field]");
    field.querySelectorAll('input[type="hidden"]').forEach(function (input) { input.value = ""; });
    field.querySelector("[data-chosen-phrase]").hidden = true;
  });

  // "Select words with the keyboard" (beside the Quote field) puts focus in the paragraph's
  // words, at their start. They take focus only this way, so Tab does not stop at every
  // paragraph's text on its way through the reading.
  document.addEventListener("click", function (event) {
    var opener = event.target.closest && event.target.closest("[data-select-words]");
    var text = opener && document.getElementById("text-" + opener.dataset.selectWords);
    if (!text) return;
    selectingFrom = opener;
    text.tabIndex = -1;
    text.setAttribute("aria-describedby", "phrase-help");
    text.focus();
    var first = wordNodes(text)[0];
    if (first) document.getSelection().collapse(first, 0);
  });

  document.addEventListener("keydown", function (event) {
    var text = event.target.matches && event.target.matches(".paragraph-text[data-quotable]") && event.target;
    if (!text) return;
    if (event.key === "Escape") {
      // Back to the button that came here, the selection dropped.
      event.preventDefault();
      var dropped = document.getSelection();
      if (dropped.rangeCount) dropped.collapseToStart();
      if (selectingFrom && selectingFrom.isConnected) selectingFrom.focus();
      return;
    }
    if (!event.shiftKey || (event.key !== "ArrowLeft" && event.key !== "ArrowRight")) return;
    var selection = document.getSelection();
    if (!selection.rangeCount || quotable(selection.anchorNode) !== text) {
      var first = wordNodes(text)[0];
      if (!first) return;
      // Start where the paragraph's text starts, in the reading's direction.
      selection.collapse(first, 0);
    }
    event.preventDefault();
    var granularity = event.ctrlKey || event.altKey ? "word" : "character";
    selection.modify("extend", event.key === "ArrowRight" ? "right" : "left", granularity);
  });
})();
