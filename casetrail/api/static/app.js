// casetrail workbench: add/remove rows, the 大写 echo of amounts, one step form open at a time.
(function () {
  "use strict";
  var DIGITS = "零壹贰叁肆伍陆柒捌玖";
  var UNITS = ["", "拾", "佰", "仟"];
  var GROUPS = ["", "万", "亿", "万亿"];

  function integerDaxie(digits) {
    digits = digits.replace(/^0+/, "");
    if (!digits) return "零";
    var out = "", zero = false, groupHas = false, len = digits.length;
    for (var i = 0; i < len; i++) {
      var d = +digits[i], pos = len - 1 - i;
      if (d === 0) { zero = true; }
      else { if (zero) out += "零"; zero = false; groupHas = true; out += DIGITS[d] + UNITS[pos % 4]; }
      if (pos % 4 === 0) { if (groupHas) out += GROUPS[pos / 4]; groupHas = false; }
    }
    return out;
  }

  // "5000.50" -> "伍仟元伍角整"-style uppercase amount (GB/T financial notation).
  function daxie(raw) {
    var m = /^\s*(\d{1,15})(?:\.(\d{1,2}))?\s*$/.exec(raw.replace(/[,，]/g, ""));
    if (!m) return raw.trim() ? "金额格式不正确" : "";
    var yuan = +m[1], cents = (m[2] || "").padEnd(2, "0");
    var jiao = +cents[0], fen = +cents[1];
    var text = "人民币" + integerDaxie(m[1]) + "元";
    if (!jiao && !fen) return text + "整";
    if (jiao) text += DIGITS[jiao] + "角"; else if (yuan) text += "零";
    if (fen) text += DIGITS[fen] + "分";
    return text;
  }
  window.casetrailDaxie = daxie;

  function echo(input) {
    var out = input.parentNode.querySelector(".daxie");
    if (out) out.textContent = daxie(input.value);
  }

  function renumber(fieldset) {
    var list = fieldset.querySelector(".row-list");
    var next = list.children.length;
    return String(Math.max(next, +(fieldset.dataset.next || 0)));
  }

  document.addEventListener("input", function (e) {
    if (e.target.matches && e.target.matches("input[data-yuan]")) echo(e.target);
  });
  document.addEventListener("click", function (e) {
    var t = e.target;
    if (t.matches(".add-row")) {
      var fs = t.closest("fieldset.rows"), tpl = fs.querySelector(":scope > template");
      var index = renumber(fs);
      fs.dataset.next = String(+index + 1);
      var html = tpl.innerHTML.split("__i__").join(index);
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var row = holder.firstElementChild;
      fs.querySelector(".row-list").appendChild(row);
      var first = row.querySelector("input, select, textarea");
      if (first) first.focus();
    } else if (t.matches(".remove-row")) {
      var r = t.closest(".row"), rows = r.parentNode;
      if (rows.children.length > 1) { r.remove(); }
      else { r.querySelectorAll("input, textarea").forEach(function (i) { if (i.type === "checkbox") i.checked = false; else i.value = ""; }); }
    }
  });
  // One step form open at a time (the native exclusive <details name> where supported does the same).
  document.addEventListener("toggle", function (e) {
    var d = e.target;
    if (d.matches && d.matches("details.step") && d.open) {
      document.querySelectorAll("details.step[open]").forEach(function (o) { if (o !== d) o.open = false; });
    }
  }, true);
  // A choice that decides which section of a form applies (立案: the start type): the others are
  // hidden and not sent.
  function switchSections(select) {
    document.querySelectorAll("[data-section]").forEach(function (section) {
      var on = section.dataset.section === select.value;
      section.hidden = !on;
      section.querySelectorAll("input, select, textarea").forEach(function (i) { i.disabled = !on; });
    });
  }
  document.addEventListener("change", function (e) {
    if (e.target.matches && e.target.matches("select[data-switch]")) switchSections(e.target);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-switch]").forEach(switchSections);
    document.querySelectorAll("input[data-yuan]").forEach(echo);
    document.querySelectorAll("fieldset.rows").forEach(function (fs) {
      fs.dataset.next = String(fs.querySelector(".row-list").children.length);
    });
  });
})();
