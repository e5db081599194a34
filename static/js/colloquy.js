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

  function closeReplyForm(form) {
    var slot = form.closest(".reply-slot");
    var comment = form.closest(".comment");
    form.remove();
    var opener = comment && comment.querySelector("[data-opens-form]");
    if (slot && opener) opener.focus();
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var toggle = event.detail.elt;
    if (!toggle.matches("[data-discussion-toggle]")) return;
    if (toggle.getAttribute("aria-expanded") === "true") {
      event.preventDefault();
      var slot = document.getElementById(toggle.getAttribute("aria-controls"));
      slot.innerHTML = "";
      toggle.setAttribute("aria-expanded", "false");
      toggle.closest(".paragraph").classList.remove("is-open");
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
      return;
    }
    var field = target.querySelector && target.querySelector("textarea");
    if (target.classList.contains("reply-slot")) {
      // The flag and hide forms open with a select or a one-line reason first.
      field = target.querySelector("select, textarea, input[type=text]");
    }
    if (target.classList.contains("reply-slot") || target.matches("form.comment-form")) {
      if (field) field.focus();
    } else if (field && target.matches(".edit-form")) {
      field.focus();
    }
  });

  document.body.addEventListener("colloquy:comment", function (event) {
    var article = document.getElementById("c-" + event.detail.id + "-body");
    announce(event.detail.message);
    if (article) {
      article.setAttribute("tabindex", "-1");
      article.focus();
    }
  });

  document.addEventListener("htmx:responseError", function (event) {
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
    if (event.key !== "Escape") return;
    var form = event.target.closest && event.target.closest("form.reply-form, form.slot-form, form.edit-form");
    if (!form) return;
    event.preventDefault();
    if (form.matches(".reply-form, .slot-form")) {
      closeReplyForm(form);
    } else {
      var cancel = form.querySelector("[hx-get]");
      if (cancel) cancel.click();
    }
  });
})();

// Import preview: grey a block out (or back in) as soon as its Include box changes.
document.addEventListener("change", function (event) {
  var box = event.target.closest(".include-toggle input");
  if (!box) return;
  box.closest(".draft-block").classList.toggle("excluded", !box.checked);
});
