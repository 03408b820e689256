/* 保密审查 (publicity/staff_detail.html): hide or show text by selecting it.
 *
 * The original text is rendered as pieces carrying their code-point offset (data-o); a selection in it
 * (mouse, touch, or keyboard caret browsing) fills the "要隐去的文字" form with the selected text and
 * its offsets, and says how many times that text occurs (the server hides every occurrence). A
 * highlighted (hidden) piece is a button: clicking it, or Enter/Space on it, fills the
 * "要取消隐去的文字" form. Without this script the same forms work by typing the text.
 * No inline script, no style attribute: the page's Content-Security-Policy allows neither.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-review-original]");
  var addForm = document.getElementById("review-add");
  var removeForm = document.getElementById("review-remove");
  if (!root || !addForm || !removeForm) {
    return;
  }
  var status = document.getElementById("review-status");
  var original = root.textContent;
  var originalPoints = Array.from(original);

  function codePoints(s) {
    return Array.from(s).length;
  }

  function occurrences(text) {
    if (!text) {
      return 0;
    }
    var n = 0;
    var at = original.indexOf(text);
    while (at >= 0) {
      n += 1;
      at = original.indexOf(text, at + text.length);
    }
    return n;
  }

  // The code-point offset, in the original, of a boundary point inside root.
  function offsetOf(container, offset) {
    var range = document.createRange();
    range.setStart(root, 0);
    range.setEnd(container, offset);
    return codePoints(range.toString());
  }

  function say(message) {
    status.textContent = message;
  }

  function fill(form, text, start, end) {
    form.elements.text.value = text;
    form.elements.start.value = start >= 0 ? String(start) : "";
    form.elements.end.value = end >= 0 ? String(end) : "";
    addForm.classList.toggle("active", form === addForm);
    removeForm.classList.toggle("active", form === removeForm);
    label(form);
  }

  function label(form) {
    var n = occurrences(form.elements.text.value);
    var button = form.querySelector("button[type=submit]");
    var verb = form === addForm ? "隐去" : "取消隐去";
    button.textContent = n > 0 ? verb + "（原文共 " + n + " 处）" : verb + "（原文各处）";
  }

  function markOf(node) {
    var el = node && (node.nodeType === 1 ? node : node.parentElement);
    return el && el.closest ? el.closest("mark[data-original]") : null;
  }

  function onSelection() {
    var selection = document.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
      return;
    }
    var range = selection.getRangeAt(0);
    if (!root.contains(range.commonAncestorContainer)) {
      return;
    }
    var start = offsetOf(range.startContainer, range.startOffset);
    var end = offsetOf(range.endContainer, range.endOffset);
    // Leading and trailing blanks are not part of what the clerk means to hide.
    while (start < end && /\s/.test(originalPoints[start])) {
      start += 1;
    }
    while (end > start && /\s/.test(originalPoints[end - 1])) {
      end -= 1;
    }
    if (end <= start) {
      return;
    }
    var text = originalPoints.slice(start, end).join("");
    var mark = markOf(range.startContainer);
    if (mark && mark === markOf(range.endContainer)) {
      fill(removeForm, mark.getAttribute("data-original"), -1, -1);
      say("已选中已隐去的“" + mark.getAttribute("data-original") + "”：填写理由后可取消隐去（原文各处）。");
      return;
    }
    fill(addForm, text, start, end);
    say("已选中“" + text + "”，原文共 " + occurrences(text) + " 处；选择类别、填写理由后隐去。");
  }

  var timer = null;
  document.addEventListener("selectionchange", function () {
    // Touch selection changes many times while the handles move: act when it settles.
    window.clearTimeout(timer);
    timer = window.setTimeout(onSelection, 200);
  });

  function chooseMark(mark) {
    var text = mark.getAttribute("data-original");
    fill(removeForm, text, -1, -1);
    say("“" + text + "”公示为“" + mark.getAttribute("data-replacement") + "”，原文共 " + occurrences(text) +
      " 处：填写理由后可取消隐去。");
    removeForm.elements.reason.focus();
  }

  Array.prototype.forEach.call(root.querySelectorAll("mark[data-original]"), function (mark) {
    mark.setAttribute("role", "button");
    mark.setAttribute("tabindex", "0");
    mark.setAttribute("aria-label", "已隐去：" + mark.getAttribute("data-original") + "，按回车取消隐去");
    mark.addEventListener("click", function () {
      var selection = document.getSelection();
      if (selection && !selection.isCollapsed) {
        return; // a selection across the mark: handled as a selection
      }
      chooseMark(mark);
    });
    mark.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        chooseMark(mark);
      }
    });
  });

  [addForm, removeForm].forEach(function (form) {
    form.elements.text.addEventListener("input", function () {
      // Typed or pasted: no selected occurrence any more, every occurrence is meant.
      form.elements.start.value = "";
      form.elements.end.value = "";
      label(form);
    });
  });
})();
